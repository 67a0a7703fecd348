// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TriggersBase} from "./TriggersBase.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";
import {ITrigger} from "../../src/interfaces/ITrigger.sol";

/// @notice TriggerBase.closeEvent: a product-wide event closes the product's sales until its payout
/// window has passed; then anyone closes it and sales resume.
contract CloseEventTest is TriggersBase {
    uint256 internal coverId;
    uint256 internal eventId;

    function setUp() public override {
        super.setUp();
        coverId = _buyDepeg(alice, 10_000e6);
        vm.warp(T0 + 2 days);
        (uint80 start, uint80 end,) = _standardDepeg();
        eventId = depeg.prove(depegProduct, start, end);
    }

    function test_prove_stopsSales() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.IncidentOpen.selector, depegProduct));
        _buyDepeg(bob, 1_000e6);
    }

    function test_closeEvent_revertsDuringPayoutWindow() public {
        uint256 windowEnd = depeg.getEvent(eventId).provenAt + PAYOUT_WINDOW;
        vm.warp(windowEnd - 1);
        vm.expectRevert(abi.encodeWithSelector(ITrigger.PayoutWindowOpen.selector, eventId, windowEnd));
        depeg.closeEvent(eventId);
    }

    function test_closeEvent_resumesSales() public {
        vm.warp(depeg.getEvent(eventId).provenAt + PAYOUT_WINDOW);
        vm.expectEmit(address(depeg));
        emit ITrigger.EventClosed(eventId);
        vm.prank(keeper);
        depeg.closeEvent(eventId);
        assertEq(manager.productOpenIncidents(depegProduct), 0, "incident closed");
        assertGt(_buyDepeg(bob, 1_000e6), 0, "sales resume");
        assertEq(depeg.payCovers(eventId, _ids(coverId)), 800e6, "covers still paid after closing");
    }

    function test_closeEvent_revertsTwice() public {
        vm.warp(depeg.getEvent(eventId).provenAt + PAYOUT_WINDOW);
        depeg.closeEvent(eventId);
        vm.expectRevert(abi.encodeWithSelector(ITrigger.EventNotOpen.selector, eventId));
        depeg.closeEvent(eventId);
    }

    function test_closeEvent_revertsForPerRiskEvent() public {
        uint256 reportId = _submit(_report(FLIGHT, _now() - 1, 1, 1));
        vm.warp(_now() + DISPUTE);
        uint256 flightEvent = reports.finalize(reportId);
        assertEq(manager.productOpenIncidents(flightProduct), 0, "per-risk events leave sales open");
        assertTrue(reports.isRiskTriggered(flightProduct, FLIGHT), "risk flagged for front-ends");
        vm.warp(_now() + PAYOUT_WINDOW);
        vm.expectRevert(abi.encodeWithSelector(ITrigger.EventNotOpen.selector, flightEvent));
        reports.closeEvent(flightEvent);
    }
}
