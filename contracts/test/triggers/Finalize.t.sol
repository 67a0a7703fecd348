// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {TriggersBase} from "./TriggersBase.sol";
import {BuyCoverParams, ICoverManager} from "../../src/interfaces/ICoverManager.sol";
import {ITrigger} from "../../src/interfaces/ITrigger.sol";
import {ISignedReportTrigger, ReportStatus} from "../../src/interfaces/ISignedReportTrigger.sol";

/// @notice SignedReportTrigger.finalize and voidReport: a report counts only after its dispute window,
/// unless voided during it.
contract FinalizeTest is TriggersBase {
    uint256 internal coverId;
    uint256 internal reportId;
    uint256 internal eventTime;

    function setUp() public override {
        super.setUp();
        coverId = _buyOn(flightProduct, FLIGHT, alice, 2_000e6, 30 days);
        vm.warp(T0 + 2 days);
        eventTime = _now() - 1 hours;
        reportId = _submit(_report(FLIGHT, eventTime, 2, 1));
    }

    function test_finalize_recordsEventAndPays() public {
        vm.warp(_now() + DISPUTE);
        vm.expectEmit(address(reports));
        emit ITrigger.Triggered(1, flightProduct, FLIGHT, eventTime, 0.5e18);
        vm.prank(keeper);
        uint256 eventId = reports.finalize(reportId);
        ITrigger.TriggerEvent memory e = reports.getEvent(eventId);
        assertEq(e.incidentTime, eventTime, "incident time = report's event time");
        assertEq(e.payoutWad, 0.5e18, "tier 2");
        assertEq(e.riskKey, FLIGHT, "risk");
        assertEq(uint256(reports.getReport(reportId).status), uint256(ReportStatus.Finalized), "finalized");
        assertTrue(reports.isRiskTriggered(flightProduct, FLIGHT), "risk triggered");
        uint256 before = usdc.balanceOf(alice);
        assertEq(reports.payCovers(eventId, _ids(coverId)), 1_000e6, "50% of 2,000");
        assertEq(usdc.balanceOf(alice) - before, 1_000e6, "paid to the owner");
    }

    function test_finalize_closesSalesOfTheRiskOnly() public {
        vm.warp(_now() + DISPUTE);
        vm.expectEmit(address(manager));
        emit ICoverManager.RiskClosedByRoute(flightProduct, FLIGHT);
        reports.finalize(reportId);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.RiskClosed.selector, flightProduct, FLIGHT));
        manager.buyCover(
            BuyCoverParams({
                productId: flightProduct, riskKey: FLIGHT, amount: 1_000e6, period: 30 days,
                maxPremium: type(uint256).max, recipient: bob
            })
        );
        assertGt(_buyOn(flightProduct, OTHER_FLIGHT, bob, 1_000e6, 30 days), 0, "other flights still sell");
    }

    function test_closeRisk_onlyTheProductsRoute() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotClaimRoute.selector, flightProduct, address(this)));
        manager.closeRisk(flightProduct, FLIGHT);
    }

    function test_finalize_revertsDuringDisputeWindow() public {
        uint256 finalizableAt = reports.getReport(reportId).finalizableAt;
        vm.warp(finalizableAt - 1);
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.DisputeWindowOpen.selector, reportId, finalizableAt)
        );
        reports.finalize(reportId);
    }

    function test_finalize_revertsTwice() public {
        vm.warp(_now() + DISPUTE);
        reports.finalize(reportId);
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.ReportNotPending.selector, reportId, ReportStatus.Finalized)
        );
        reports.finalize(reportId);
    }

    function test_finalize_revertsForVoidedReport() public {
        vm.expectEmit(address(reports));
        emit ISignedReportTrigger.ReportVoided(reportId, guardian, "source disagrees");
        vm.prank(guardian);
        reports.voidReport(reportId, "source disagrees");
        vm.warp(_now() + DISPUTE);
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.ReportNotPending.selector, reportId, ReportStatus.Voided)
        );
        reports.finalize(reportId);
        assertEq(reports.eventCount(), 0, "no event");
    }

    function test_finalize_revertsForUnknownReport() public {
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.UnknownReport.selector, 9));
        reports.finalize(9);
    }

    function test_finalize_secondReportOfRiskReverts() public {
        uint256 second = _submit(_report(FLIGHT, eventTime, 3, 2));
        vm.warp(_now() + DISPUTE);
        reports.finalize(reportId);
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.RiskAlreadyTriggered.selector, flightProduct, FLIGHT)
        );
        reports.finalize(second);
    }

    function test_voidReport_byGovernance() public {
        vm.prank(admin);
        reports.voidReport(reportId, "governance");
        assertEq(uint256(reports.getReport(reportId).status), uint256(ReportStatus.Voided), "voided");
    }

    function test_voidReport_revertsForOthers() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, carol, GUARDIAN_ROLE)
        );
        vm.prank(carol);
        reports.voidReport(reportId, "no");
    }

    function test_voidReport_revertsAfterDisputeWindow() public {
        uint256 finalizableAt = reports.getReport(reportId).finalizableAt;
        vm.warp(finalizableAt);
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.DisputeWindowClosed.selector, reportId, finalizableAt)
        );
        vm.prank(guardian);
        reports.voidReport(reportId, "late");
    }
}
