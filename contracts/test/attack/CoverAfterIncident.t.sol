// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ClaimsBase} from "../claims/ClaimsBase.sol";
import {IClaimsManager} from "../../src/interfaces/IClaimsManager.sol";
import {BuyCoverParams, ICoverManager} from "../../src/interfaces/ICoverManager.sol";

/// @notice A buyer who learns of a loss buys cover afterwards and claims for it: nothing is paid.
contract CoverAfterIncidentTest is ClaimsBase {
    uint256 internal honest; // alice, bought before the incident
    uint256 internal late; // bob, bought after the incident
    uint256 internal start;
    uint256 internal incidentTime;
    uint256 internal lateStart;

    function setUp() public override {
        super.setUp();
        start = _now();
        honest = buyClaimable(alice, 10_000e6, 30 days);
        vm.warp(start + 2 days);
        incidentTime = start + 2 days; // the loss happens now
        vm.warp(incidentTime + 1 hours);
        lateStart = _now();
        late = buyClaimable(bob, 10_000e6, 30 days);
        vm.warp(lateStart + 2 days); // past the late cover's waiting period too
    }

    function test_fileClaim_revertsForCoverBoughtAfterIncident() public {
        uint256 bobBefore = usdc.balanceOf(bob);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoverManager.CoverNotActiveAt.selector, late, incidentTime, lateStart, lateStart + 30 days
            )
        );
        claims.fileClaim(late, 10_000e6, incidentTime, "ipfs://evidence");
        assertEq(usdc.balanceOf(bob), bobBefore);
        assertEq(claims.caseCount(), 0);
        assertEq(manager.openClaims(), 0);
    }

    function test_payIncident_revertsForCoverBoughtAfterIncident() public {
        uint256 caseId = report(incidentTime, 1e18);
        acceptAndWait(caseId);
        uint256 bobBefore = usdc.balanceOf(bob);
        uint256 poolBefore = usdc.balanceOf(address(pool));

        vm.expectRevert(
            abi.encodeWithSelector(
                ICoverManager.CoverNotActiveAt.selector, late, incidentTime, lateStart, lateStart + 30 days
            )
        );
        claims.payIncident(caseId, _ids(late));
        assertFalse(claims.incidentPaid(caseId, late));
        assertEq(manager.cover(late).amount, 10_000e6);

        // The honest cover is paid in full; the late one got nothing.
        assertEq(claims.payIncident(caseId, _ids(honest)), 10_000e6);
        assertEq(usdc.balanceOf(bob), bobBefore, "nothing to the late buyer");
        assertEq(usdc.balanceOf(address(pool)), poolBefore - 10_000e6, "only the honest payout left the pool");
    }

    function test_noCoverCanBeBoughtWhileIncidentOpen() public {
        report(incidentTime, 1e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, claimsProduct));
        manager.buyCover(
            BuyCoverParams({
                productId: claimsProduct,
                riskKey: bytes32(0),
                amount: 1_000e6,
                period: 30 days,
                maxPremium: type(uint256).max,
                recipient: alice
            })
        );
    }

    function test_lateCoverStillIneligibleForLaterIncidentWithOldTime() public {
        // After the first incident is rejected, a second report with the same old time still
        // excludes the late cover.
        uint256 first = report(incidentTime, 1e18);
        vm.warp(claims.getCase(first).deadline);
        claims.resolve(first); // nobody voted: rejected
        uint256 second = report(incidentTime, 0.5e18);
        acceptAndWait(second);
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoverManager.CoverNotActiveAt.selector, late, incidentTime, lateStart, lateStart + 30 days
            )
        );
        claims.payIncident(second, _ids(late));
        assertEq(claims.payIncident(second, _ids(honest)), 5_000e6);
    }
}
