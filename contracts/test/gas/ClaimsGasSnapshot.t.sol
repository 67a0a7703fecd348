// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "../claims/ClaimsBase.sol";

/// @notice Gas snapshots of the claims and incident actions (see GasSnapshot.t.sol; run with
/// `--isolate`). bench/gas.ts measures the same calls as receipts on anvil.
contract ClaimsGasSnapshot is ClaimsBase {
    uint256 internal coverId;
    uint256 internal caseId;

    function setUp() public override {
        super.setUp();
        coverId = buyClaimable(alice, 10_000e6, 60 days);
        buyClaimable(bob, 10_000e6, 60 days);
        vm.warp(_now() + 2 days);
        // An earlier case, so that the counters and the deposit balance are warm as on a live protocol.
        caseId = fileClaim(bob, coverId + 1, 1_000e6, _now() - 1);
        vm.warp(_now() + 1);
    }

    function test_gas_fileClaim() public {
        vm.prank(alice);
        claims.fileClaim(coverId, 5_000e6, _now() - 1, "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        vm.snapshotGasLastCall("fileClaim");
    }

    function test_gas_castVoteFirst() public {
        vm.prank(voter1);
        claims.castVote(caseId, true);
        vm.snapshotGasLastCall("castVoteFirst");
    }

    function test_gas_castVote() public {
        vote(voter1, caseId, true);
        vm.prank(voter2);
        claims.castVote(caseId, false);
        vm.snapshotGasLastCall("castVote");
    }

    function test_gas_resolve() public {
        vote(voter1, caseId, true);
        vote(voter2, caseId, true);
        vm.warp(_now() + VOTING_PERIOD);
        claims.resolve(caseId);
        vm.snapshotGasLastCall("resolve");
    }

    function test_gas_payClaim() public {
        acceptAndWait(caseId);
        claims.payClaim(caseId);
        vm.snapshotGasLastCall("payClaim");
    }

    function test_gas_reportIncident() public {
        vm.prank(reporter);
        claims.reportIncident(claimsProduct, _now() - 1, 0.5e18, "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
        vm.snapshotGasLastCall("reportIncident");
    }

    /// @notice One batch paying 100 covers of 100 holders (each already holding USDC).
    function test_gas_payIncident100() public {
        uint256[] memory ids = new uint256[](100);
        for (uint256 i = 0; i < 100; ++i) {
            address holder = address(uint160(0x10000 + i));
            usdc.faucet(holder, 1_000e6);
            vm.prank(holder);
            usdc.approve(address(manager), type(uint256).max);
            ids[i] = buyClaimable(holder, 1_000e6, 60 days);
        }
        vm.warp(_now() + 2 days);
        uint256 incident = report(_now() - 1, 0.5e18);
        acceptAndWait(incident);
        claims.settleIncident(incident);
        claims.payIncident(incident, ids);
        vm.snapshotGasLastCall("payIncident100");
    }
}
