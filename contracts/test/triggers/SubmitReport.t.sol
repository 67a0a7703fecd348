// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

import {TriggersBase} from "./TriggersBase.sol";
import {ISignedReportTrigger, PendingReport, Report, ReportStatus} from "../../src/interfaces/ISignedReportTrigger.sol";

/// @notice SignedReportTrigger.submitReport: m-of-n EIP-712 signatures, sorted, registered, fresh nonce.
contract SubmitReportTest is TriggersBase {
    function setUp() public override {
        super.setUp();
        vm.warp(T0 + 2 days);
    }

    function test_submitReport_storesPendingReport() public {
        Report memory r = _report(FLIGHT, _now() - 1 hours, 2, 42);
        vm.expectEmit(address(reports));
        emit ISignedReportTrigger.ReportSubmitted(
            1, flightProduct, FLIGHT, _now() - 1 hours, 130, 2, 42, _now() + DISPUTE
        );
        uint256 reportId = _submit(r);
        assertEq(reportId, 1, "first report");
        PendingReport memory p = reports.getReport(reportId);
        assertEq(uint256(p.status), uint256(ReportStatus.Pending), "pending");
        assertEq(p.eventTime, _now() - 1 hours, "event time");
        assertEq(p.finalizableAt, _now() + DISPUTE, "after the dispute window");
        assertEq(p.payoutWad, 0.5e18, "tier 2 share");
        assertEq(p.riskKey, FLIGHT, "risk");
        assertTrue(reports.nonceUsed(42), "nonce consumed");
    }

    function test_submitReport_acceptsAllSigners() public {
        Report memory r = _report(FLIGHT, _now(), 3, 1);
        bytes[] memory sigs = new bytes[](3);
        (sigs[0], sigs[1], sigs[2]) = (_sign(key1, r), _sign(key2, r), _sign(key3, r));
        assertEq(reports.submitReport(r, sigs), 1, "3 of 3");
    }

    function test_submitReport_revertsWithTooFewSigners() public {
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        bytes[] memory sigs = new bytes[](1);
        sigs[0] = _sign(key1, r);
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.NotEnoughSignatures.selector, 1, 2));
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsWithDuplicateSigner() public {
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        bytes[] memory sigs = new bytes[](2);
        (sigs[0], sigs[1]) = (_sign(key1, r), _sign(key1, r));
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.SignersNotSorted.selector, 1, signer1, signer1));
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsWithUnsortedSigners() public {
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        bytes[] memory sigs = new bytes[](2);
        (sigs[0], sigs[1]) = (_sign(key2, r), _sign(key1, r));
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.SignersNotSorted.selector, 1, signer1, signer2));
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsWithUnregisteredSigner() public {
        (address stranger, uint256 strangerKey) = makeAddrAndKey("stranger");
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        bytes[] memory sigs = new bytes[](2);
        bool strangerFirst = stranger < signer1;
        (sigs[0], sigs[1]) =
            strangerFirst ? (_sign(strangerKey, r), _sign(key1, r)) : (_sign(key1, r), _sign(strangerKey, r));
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.UnknownSigner.selector, strangerFirst ? 0 : 1, stranger)
        );
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsWithRemovedSigner() public {
        address[] memory removed = new address[](1);
        removed[0] = signer1;
        vm.prank(admin);
        reports.updateSigners(new address[](0), removed, 2);
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        bytes[] memory sigs = _sigs2(r);
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.UnknownSigner.selector, 0, signer1));
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsOnReplayedNonce() public {
        Report memory r = _report(FLIGHT, _now(), 1, 7);
        _submit(r);
        bytes[] memory sigs = _sigs2(r);
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.NonceUsed.selector, 7));
        reports.submitReport(r, sigs);
        // Another report reusing the nonce is rejected too.
        Report memory other = _report(OTHER_FLIGHT, _now(), 3, 7);
        sigs = _sigs2(other);
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.NonceUsed.selector, 7));
        reports.submitReport(other, sigs);
    }

    function test_submitReport_revertsOnMalleableSignature() public {
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        (uint8 v, bytes32 rr, bytes32 s) = vm.sign(key1, reports.reportDigest(r));
        uint256 n = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;
        bytes32 highS = bytes32(n - uint256(s));
        bytes[] memory sigs = new bytes[](2);
        sigs[0] = abi.encodePacked(rr, highS, v == 27 ? uint8(28) : uint8(27));
        sigs[1] = _sign(key2, r);
        vm.expectRevert(abi.encodeWithSelector(ECDSA.ECDSAInvalidSignatureS.selector, highS));
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsOnSignatureOfAnotherReport() public {
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        Report memory signed = _report(FLIGHT, _now(), 3, 1); // a higher tier than signed
        bytes[] memory sigs = _sigs2(signed);
        vm.expectRevert(); // recovers unrelated addresses: unsorted or unknown
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsOnFutureEvent() public {
        Report memory r = _report(FLIGHT, _now() + 1, 1, 1);
        bytes[] memory sigs = _sigs2(r);
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.EventInFuture.selector, _now() + 1, _now()));
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsOnInvalidTier() public {
        Report memory r = _report(FLIGHT, _now(), 0, 1);
        bytes[] memory sigs = _sigs2(r);
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.InvalidTier.selector, flightProduct, 0, 3));
        reports.submitReport(r, sigs);
        r = _report(FLIGHT, _now(), 4, 1);
        sigs = _sigs2(r);
        vm.expectRevert(abi.encodeWithSelector(ISignedReportTrigger.InvalidTier.selector, flightProduct, 4, 3));
        reports.submitReport(r, sigs);
    }

    function test_submitReport_revertsOnTriggeredRisk() public {
        uint256 reportId = _submit(_report(FLIGHT, _now(), 1, 1));
        vm.warp(_now() + DISPUTE);
        reports.finalize(reportId);
        Report memory again = _report(FLIGHT, _now(), 3, 2);
        bytes[] memory sigs = _sigs2(again);
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.RiskAlreadyTriggered.selector, flightProduct, FLIGHT)
        );
        reports.submitReport(again, sigs);
    }

    function testFuzz_submitReport_rejectsTooFewSigners(uint256 threshold) public {
        threshold = bound(threshold, 2, 3);
        vm.prank(admin);
        reports.updateSigners(new address[](0), new address[](0), threshold);
        Report memory r = _report(FLIGHT, _now(), 1, 1);
        bytes[] memory sigs = new bytes[](threshold - 1);
        if (threshold > 1) sigs[0] = _sign(key1, r);
        if (threshold > 2) sigs[1] = _sign(key2, r);
        vm.expectRevert(
            abi.encodeWithSelector(ISignedReportTrigger.NotEnoughSignatures.selector, threshold - 1, threshold)
        );
        reports.submitReport(r, sigs);
    }
}
