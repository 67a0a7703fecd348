// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {ICoverManager} from "../interfaces/ICoverManager.sol";
import {ISignedReportTrigger, PendingReport, Report, ReportStatus} from "../interfaces/ISignedReportTrigger.sol";
import {WAD} from "../libraries/Constants.sol";
import {TriggerBase} from "./TriggerBase.sol";

/// @title SignedReportTrigger
/// @notice Records real-world events from m-of-n signed EIP-712 reports, after a dispute window, and
/// pays the covers of the reported product and risk; see ISignedReportTrigger.
contract SignedReportTrigger is ISignedReportTrigger, TriggerBase, EIP712 {
    bytes32 public constant REPORT_TYPEHASH = keccak256(
        "Report(uint256 productId,bytes32 riskKey,uint64 eventTime,int256 observedValue,uint8 tier,uint256 nonce)"
    );

    // Parameter bounds.
    uint256 internal constant MAX_SIGNERS = 32;
    uint256 internal constant MIN_DISPUTE_WINDOW = 1 hours;
    uint256 internal constant MAX_DISPUTE_WINDOW = 30 days;
    uint256 internal constant MAX_TIERS = 16;

    /// @dev Per product: the dispute window and tier count (read together on submission).
    struct Terms {
        uint32 disputeWindow;
        uint8 tiers;
    }

    uint128 internal _signerCount;
    uint128 internal _threshold;
    mapping(address signer => bool) internal _isSigner;
    mapping(uint256 nonce => bool) internal _nonceUsed;
    mapping(uint256 productId => Terms) internal _terms;
    mapping(uint256 productId => mapping(uint256 tier => uint64)) internal _tierPayouts;
    uint256 internal _reportCount;
    mapping(uint256 reportId => PendingReport) internal _reports;

    constructor(ICoverManager manager_, address admin, address guardian)
        TriggerBase(manager_, admin, guardian)
        EIP712("Bulwark SignedReportTrigger", "1")
    {}

    // ================================================================ reports

    /// @inheritdoc ISignedReportTrigger
    function submitReport(Report calldata report, bytes[] calldata signatures) external returns (uint256 reportId) {
        uint256 productId = report.productId;
        Terms memory t = _terms[productId];
        if (t.disputeWindow == 0) revert NotConfigured(productId);
        if (report.tier == 0 || report.tier > t.tiers) revert InvalidTier(productId, report.tier, t.tiers);
        if (report.eventTime > block.timestamp) revert EventInFuture(report.eventTime, block.timestamp);
        if (_nonceUsed[report.nonce]) revert NonceUsed(report.nonce);
        if (_lastEvent[productId][report.riskKey] != 0) revert RiskAlreadyTriggered(productId, report.riskKey);
        _checkSignatures(_digest(report), signatures);

        _nonceUsed[report.nonce] = true;
        reportId = ++_reportCount;
        // Casts: productId has terms, so it is a listed (32-bit) product; eventTime <= now fits 32 bits
        // until 2106, as does now + a dispute window of at most 30 days.
        uint256 finalizableAt = block.timestamp + t.disputeWindow;
        _reports[reportId] = PendingReport({
            productId: uint32(productId),
            eventTime: uint32(report.eventTime),
            finalizableAt: uint32(finalizableAt),
            payoutWad: _tierPayouts[productId][report.tier],
            tier: report.tier,
            status: ReportStatus.Pending,
            riskKey: report.riskKey
        });
        emit ReportSubmitted(
            reportId,
            productId,
            report.riskKey,
            report.eventTime,
            report.observedValue,
            report.tier,
            report.nonce,
            finalizableAt
        );
    }

    /// @inheritdoc ISignedReportTrigger
    function finalize(uint256 reportId) external nonReentrant returns (uint256 eventId) {
        PendingReport memory r = _pendingReport(reportId);
        if (block.timestamp < r.finalizableAt) revert DisputeWindowOpen(reportId, r.finalizableAt);
        // Two reports for one risk may be pending at once (different nonces): only the first counts.
        if (_lastEvent[r.productId][r.riskKey] != 0) revert RiskAlreadyTriggered(r.productId, r.riskKey);
        _reports[reportId].status = ReportStatus.Finalized;
        emit ReportFinalized(reportId, _eventCount + 1);
        eventId = _recordEvent(r.productId, r.riskKey, r.eventTime, r.payoutWad);
    }

    /// @inheritdoc ISignedReportTrigger
    function voidReport(uint256 reportId, string calldata reason) external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
        PendingReport memory r = _pendingReport(reportId);
        if (block.timestamp >= r.finalizableAt) revert DisputeWindowClosed(reportId, r.finalizableAt);
        _reports[reportId].status = ReportStatus.Voided;
        emit ReportVoided(reportId, msg.sender, reason);
    }

    // ================================================================ governance

    /// @inheritdoc ISignedReportTrigger
    function updateSigners(address[] calldata added, address[] calldata removed, uint256 threshold)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        uint256 count = _signerCount;
        for (uint256 i = 0; i < added.length; ++i) {
            address signer = added[i];
            if (signer == address(0)) revert ZeroAddress();
            if (_isSigner[signer]) revert SignerState(signer, true);
            _isSigner[signer] = true;
            ++count;
            emit SignerSet(signer, true);
        }
        for (uint256 i = 0; i < removed.length; ++i) {
            address signer = removed[i];
            if (!_isSigner[signer]) revert SignerState(signer, false);
            delete _isSigner[signer];
            --count;
            emit SignerSet(signer, false);
        }
        if (count > MAX_SIGNERS) revert TooManySigners(count, MAX_SIGNERS);
        if (threshold == 0 || threshold > count) revert InvalidThreshold(threshold, count);
        // Casts: both are at most MAX_SIGNERS.
        (_signerCount, _threshold) = (uint128(count), uint128(threshold));
        emit ThresholdSet(threshold);
    }

    /// @inheritdoc ISignedReportTrigger
    function setProductTerms(
        uint256 productId,
        uint64[] calldata tierPayoutsWad,
        uint256 disputeWindow_,
        uint256 payoutWindow_
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 tiers = tierPayoutsWad.length;
        if (tiers == 0 || tiers > MAX_TIERS) revert ParameterOutOfRange("tiers", tiers, 1, MAX_TIERS);
        if (disputeWindow_ < MIN_DISPUTE_WINDOW || disputeWindow_ > MAX_DISPUTE_WINDOW) {
            revert ParameterOutOfRange("disputeWindow", disputeWindow_, MIN_DISPUTE_WINDOW, MAX_DISPUTE_WINDOW);
        }
        for (uint256 i = 0; i < tiers; ++i) {
            uint256 share = tierPayoutsWad[i];
            if (share == 0 || share > WAD) revert ParameterOutOfRange("tierPayoutWad", share, 1, WAD);
            _tierPayouts[productId][i + 1] = uint64(share);
        }
        _configureProduct(productId, payoutWindow_);
        // Casts: bounded above.
        _terms[productId] = Terms({disputeWindow: uint32(disputeWindow_), tiers: uint8(tiers)});
        emit ReportProductSet(productId, tierPayoutsWad, disputeWindow_, payoutWindow_);
    }

    // ================================================================ views

    /// @inheritdoc ISignedReportTrigger
    function reportDigest(Report calldata report) external view returns (bytes32) {
        return _digest(report);
    }

    /// @inheritdoc ISignedReportTrigger
    function getReport(uint256 reportId) external view returns (PendingReport memory) {
        return _reports[reportId];
    }

    /// @inheritdoc ISignedReportTrigger
    function reportCount() external view returns (uint256) {
        return _reportCount;
    }

    /// @inheritdoc ISignedReportTrigger
    function isSigner(address signer) external view returns (bool) {
        return _isSigner[signer];
    }

    /// @inheritdoc ISignedReportTrigger
    function signers() external view returns (uint256 count, uint256 threshold) {
        return (_signerCount, _threshold);
    }

    /// @inheritdoc ISignedReportTrigger
    function nonceUsed(uint256 nonce) external view returns (bool) {
        return _nonceUsed[nonce];
    }

    /// @inheritdoc ISignedReportTrigger
    function tierPayout(uint256 productId, uint256 tier) external view returns (uint256) {
        return tier <= _terms[productId].tiers ? _tierPayouts[productId][tier] : 0;
    }

    /// @inheritdoc ISignedReportTrigger
    function disputeWindow(uint256 productId) external view returns (uint256) {
        return _terms[productId].disputeWindow;
    }

    // ================================================================ internal

    function _digest(Report calldata report) internal view returns (bytes32) {
        return _hashTypedDataV4(
            keccak256(
                abi.encode(
                    REPORT_TYPEHASH,
                    report.productId,
                    report.riskKey,
                    report.eventTime,
                    report.observedValue,
                    report.tier,
                    report.nonce
                )
            )
        );
    }

    /// @dev At least `threshold` signatures, each from a registered signer, sorted by signer ascending
    /// (so each signer counts once without a set in storage or memory).
    function _checkSignatures(bytes32 digest, bytes[] calldata signatures) internal view {
        uint256 threshold = _threshold;
        if (signatures.length < threshold || threshold == 0) revert NotEnoughSignatures(signatures.length, threshold);
        address previous;
        for (uint256 i = 0; i < signatures.length; ++i) {
            // Reverts on malformed signatures and on malleable (high-s) ones.
            address signer = ECDSA.recover(digest, signatures[i]);
            if (signer <= previous) revert SignersNotSorted(i, signer, previous);
            if (!_isSigner[signer]) revert UnknownSigner(i, signer);
            previous = signer;
        }
    }

    function _pendingReport(uint256 reportId) internal view returns (PendingReport memory r) {
        r = _reports[reportId];
        if (r.status == ReportStatus.None) revert UnknownReport(reportId);
        if (r.status != ReportStatus.Pending) revert ReportNotPending(reportId, r.status);
    }
}
