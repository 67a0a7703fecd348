// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {TriggersBase} from "./TriggersBase.sol";
import {ITrigger} from "../../src/interfaces/ITrigger.sol";
import {DepegConfig, IChainlinkDepegTrigger} from "../../src/interfaces/IChainlinkDepegTrigger.sol";
import {ISignedReportTrigger} from "../../src/interfaces/ISignedReportTrigger.sol";

/// @notice Governance parameters of both triggers: who may set them and their bounds.
contract ParamsTest is TriggersBase {
    function test_setConfig_storesTerms() public view {
        DepegConfig memory c = depeg.configOf(depegProduct);
        assertEq(address(c.feed), address(feed), "feed");
        assertEq(c.threshold, THRESHOLD, "threshold");
        assertEq(depeg.payoutWindow(depegProduct), PAYOUT_WINDOW, "payout window");
        assertEq(depeg.manager(), address(manager), "manager");
    }

    function test_setConfig_revertsForNonAdmin() public {
        DepegConfig memory c = defaultDepegConfig();
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE
            )
        );
        vm.prank(guardian);
        depeg.setConfig(depegProduct, c);
    }

    function test_setConfig_revertsForProductRoutedElsewhere() public {
        DepegConfig memory c = defaultDepegConfig();
        vm.expectRevert(abi.encodeWithSelector(ITrigger.NotRouteOf.selector, flightProduct, address(reports)));
        vm.prank(admin);
        depeg.setConfig(flightProduct, c);
    }

    function test_setConfig_revertsOnUnorderedPrices() public {
        DepegConfig memory c = defaultDepegConfig();
        c.recoverPrice = c.threshold; // no hysteresis
        vm.expectRevert(
            abi.encodeWithSelector(
                IChainlinkDepegTrigger.InvalidPrices.selector,
                c.minAnswer,
                c.threshold,
                c.recoverPrice,
                c.maxAnswer,
                c.referencePrice
            )
        );
        vm.prank(admin);
        depeg.setConfig(depegProduct, c);
    }

    function testFuzz_setConfig_boundsHeartbeat(uint32 heartbeat) public {
        DepegConfig memory c = defaultDepegConfig();
        c.heartbeat = heartbeat;
        bool ok = heartbeat >= 1 minutes && heartbeat <= 7 days;
        if (!ok) {
            vm.expectRevert(
                abi.encodeWithSelector(ITrigger.ParameterOutOfRange.selector, "heartbeat", heartbeat, 1 minutes, 7 days)
            );
        }
        vm.prank(admin);
        depeg.setConfig(depegProduct, c);
        if (ok) assertEq(depeg.configOf(depegProduct).heartbeat, heartbeat, "stored");
    }

    function test_setConfig_revertsOnPayoutAboveWad() public {
        DepegConfig memory c = defaultDepegConfig();
        c.payoutWad = 1e18 + 1;
        vm.expectRevert(abi.encodeWithSelector(ITrigger.ParameterOutOfRange.selector, "payoutWad", 1e18 + 1, 1, 1e18));
        vm.prank(admin);
        depeg.setConfig(depegProduct, c);
    }

    function test_updateSigners_revertsOnThresholdAboveSigners() public {
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.InvalidThreshold.selector, 4, 3));
        vm.prank(admin);
        reports.updateSigners(new address[](0), new address[](0), 4);
    }

    function test_updateSigners_revertsOnZeroThreshold() public {
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.InvalidThreshold.selector, 0, 3));
        vm.prank(admin);
        reports.updateSigners(new address[](0), new address[](0), 0);
    }

    function test_updateSigners_revertsOnDuplicateSigner() public {
        address[] memory added = new address[](1);
        added[0] = signer1;
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.SignerState.selector, signer1, true));
        vm.prank(admin);
        reports.updateSigners(added, new address[](0), 2);
    }

    function test_updateSigners_revertsForGuardian() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE
            )
        );
        vm.prank(guardian);
        reports.updateSigners(new address[](0), new address[](0), 1);
    }

    function test_setProductTerms_revertsOnZeroTierShare() public {
        uint64[] memory tiers = new uint64[](2);
        tiers[0] = 0.1e18;
        vm.expectRevert(abi.encodeWithSelector(ITrigger.ParameterOutOfRange.selector, "tierPayoutWad", 0, 1, 1e18));
        vm.prank(admin);
        reports.setProductTerms(flightProduct, tiers, DISPUTE, PAYOUT_WINDOW);
    }

    function test_setProductTerms_revertsOnShortDisputeWindow() public {
        uint64[] memory tiers = new uint64[](1);
        tiers[0] = 0.1e18;
        vm.expectRevert(
            abi.encodeWithSelector(
                ITrigger.ParameterOutOfRange.selector, "disputeWindow", 1 hours - 1, 1 hours, 30 days
            )
        );
        vm.prank(admin);
        reports.setProductTerms(flightProduct, tiers, 1 hours - 1, PAYOUT_WINDOW);
    }

    function test_setProductTerms_storesTiers() public view {
        assertEq(reports.tierPayout(flightProduct, 0), 0, "tier 0 invalid");
        assertEq(reports.tierPayout(flightProduct, 1), 0.1e18, "tier 1");
        assertEq(reports.tierPayout(flightProduct, 3), 1e18, "tier 3");
        assertEq(reports.tierPayout(flightProduct, 4), 0, "no tier 4");
        assertEq(reports.disputeWindow(flightProduct), DISPUTE, "dispute window");
        (uint256 n, uint256 m) = reports.signers();
        assertEq(n, 3, "signers");
        assertEq(m, 2, "threshold");
    }
}
