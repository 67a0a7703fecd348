// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ITrigger} from "./ITrigger.sol";

/// @notice An oracle report, signed (EIP-712) by registered oracle signers.
/// @param productId The product whose covers it pays.
/// @param riskKey The risk within the product. Conventions:
/// - flight delay: `keccak256(bytes("flight:BA117:2026-12-01"))` (IATA flight number, scheduled
///   departure date); `observedValue` = departure delay in minutes, -1 = cancelled; tiers
///   1 = 45+ minutes late, 2 = 2 hours+ late, 3 = cancelled;
/// - earthquake: `keccak256(bytes("quake:<region>"))` (region as named in the product terms, e.g.
///   "quake:JP-13"); `observedValue` = magnitude x 10 (M7.1 -> 71); tiers by band, e.g.
///   1 = M6.5+, 2 = M7.0+, 3 = M7.5+.
/// Zero names a product-wide event (it then closes the product's sales until `closeEvent`).
/// @param eventTime When the event happened (unix seconds): covers must have been active then.
/// @param observedValue The measured value, in the product's unit (informative: `tier` decides).
/// @param tier The payout tier (1..the product's tier count); its share is set by governance.
/// @param nonce Unique per report; a nonce is consumed when a report carrying it is submitted.
struct Report {
    uint256 productId;
    bytes32 riskKey;
    uint64 eventTime;
    int256 observedValue;
    uint8 tier;
    uint256 nonce;
}

/// @notice Status of a submitted report.
enum ReportStatus {
    None,
    Pending,
    Voided,
    Finalized
}

/// @notice A submitted report as stored (one slot plus the risk key).
/// @param productId The product.
/// @param eventTime The report's event time.
/// @param finalizableAt Submission time plus the product's dispute window then.
/// @param payoutWad The tier's share at submission (WAD).
/// @param tier The tier.
/// @param status Where it stands.
/// @param riskKey The risk.
struct PendingReport {
    uint32 productId;
    uint32 eventTime;
    uint32 finalizableAt;
    uint64 payoutWad;
    uint8 tier;
    ReportStatus status;
    bytes32 riskKey;
}

/// @title ISignedReportTrigger
/// @notice Records real-world events (flight delays, earthquakes...) from EIP-712 reports signed by at
/// least `threshold` of the registered oracle signers (domain "Bulwark SignedReportTrigger", version
/// "1"). Anyone may submit a signed report; it counts only after the product's dispute window, during
/// which the guardian or governance may void it. `finalize` then records the event (incidentTime =
/// the report's eventTime, share = the tier's), and the covers of that product and risk are paid
/// through `payCovers`. A risk is triggered at most once per product.
/// @dev Privileged powers. DEFAULT_ADMIN_ROLE (governance timelock): add and remove signers, set the
/// threshold (1 <= m <= n, n <= 32 signers); set per product (whose claim route is this contract) the
/// tiers' shares (each in (0, 100%]), the dispute window (1 hour..30 days) and payout window; void a
/// pending report during its dispute window. GUARDIAN_ROLE: void a pending report during its dispute
/// window. Neither can record an event without m signatures, nor pay a cover.
interface ISignedReportTrigger is ITrigger {
    /// @notice Governance added (`active`) or removed an oracle signer.
    event SignerSet(address indexed signer, bool active);
    /// @notice Governance set the number of signatures a report needs.
    event ThresholdSet(uint256 threshold);
    /// @notice Governance set the terms of `productId`: shares of tiers 1..n, dispute window.
    event ReportProductSet(
        uint256 indexed productId, uint64[] tierPayoutsWad, uint256 disputeWindow, uint256 payoutWindow
    );
    /// @notice A report was submitted as `reportId`; it can be finalized from `finalizableAt`.
    event ReportSubmitted(
        uint256 indexed reportId,
        uint256 indexed productId,
        bytes32 indexed riskKey,
        uint256 eventTime,
        int256 observedValue,
        uint256 tier,
        uint256 nonce,
        uint256 finalizableAt
    );
    /// @notice `by` voided report `reportId` for `reason`.
    event ReportVoided(uint256 indexed reportId, address indexed by, string reason);
    /// @notice Report `reportId` was finalized as event `eventId`.
    event ReportFinalized(uint256 indexed reportId, uint256 indexed eventId);

    // ---------------------------------------------------------------- errors: configuration
    /// @notice `signer` is already registered (adding) or is not (removing).
    error SignerState(address signer, bool registered);
    /// @notice The threshold `threshold` is not within `[1, signers]`.
    error InvalidThreshold(uint256 threshold, uint256 signers);
    /// @notice More than the most signers.
    error TooManySigners(uint256 signers, uint256 max);
    /// @notice `productId` has no report terms.
    error NotConfigured(uint256 productId);

    // ---------------------------------------------------------------- errors: reports
    /// @notice `count` signatures given, `threshold` needed.
    error NotEnoughSignatures(uint256 count, uint256 threshold);
    /// @notice Signature `index` recovers `signer`, not above the previous signer `previous`: signatures
    /// must be sorted by signer address, ascending, without duplicates.
    error SignersNotSorted(uint256 index, address signer, address previous);
    /// @notice Signature `index` recovers `signer`, who is not a registered signer.
    error UnknownSigner(uint256 index, address signer);
    /// @notice The nonce was used already.
    error NonceUsed(uint256 nonce);
    /// @notice The report's event time is after now.
    error EventInFuture(uint256 eventTime, uint256 nowTime);
    /// @notice The tier is not one of the product's tiers (1..`tiers`).
    error InvalidTier(uint256 productId, uint256 tier, uint256 tiers);
    /// @notice `riskKey` of `productId` was triggered already.
    error RiskAlreadyTriggered(uint256 productId, bytes32 riskKey);
    /// @notice No report `reportId`.
    error UnknownReport(uint256 reportId);
    /// @notice Report `reportId` is `status`, not pending.
    error ReportNotPending(uint256 reportId, ReportStatus status);
    /// @notice Report `reportId`'s dispute window runs until `finalizableAt`.
    error DisputeWindowOpen(uint256 reportId, uint256 finalizableAt);
    /// @notice Report `reportId`'s dispute window ended at `finalizableAt`: it can no longer be voided.
    error DisputeWindowClosed(uint256 reportId, uint256 finalizableAt);

    /// @notice Submits `report` with `signatures` (65-byte ECDSA, sorted by signer address ascending,
    /// at least `threshold`, all from registered signers). Anyone may call it. Consumes the nonce.
    /// @return reportId The pending report.
    function submitReport(Report calldata report, bytes[] calldata signatures) external returns (uint256 reportId);

    /// @notice Records the event of pending report `reportId` once its dispute window has passed.
    /// Anyone may call it.
    /// @return eventId The new event.
    function finalize(uint256 reportId) external returns (uint256 eventId);

    /// @notice Voids pending report `reportId` during its dispute window. GUARDIAN_ROLE or
    /// DEFAULT_ADMIN_ROLE. The nonce stays consumed.
    function voidReport(uint256 reportId, string calldata reason) external;

    /// @notice Adds `added` and removes `removed` signers, then sets the threshold (DEFAULT_ADMIN_ROLE).
    function updateSigners(address[] calldata added, address[] calldata removed, uint256 threshold) external;

    /// @notice Sets the terms of `productId` (DEFAULT_ADMIN_ROLE): `tierPayoutsWad[i]` is the share of
    /// tier i + 1. Reports already submitted keep the share and dispute window they were submitted with.
    function setProductTerms(
        uint256 productId,
        uint64[] calldata tierPayoutsWad,
        uint256 disputeWindow_,
        uint256 payoutWindow_
    ) external;

    /// @notice The EIP-712 digest signers sign for `report`.
    function reportDigest(Report calldata report) external view returns (bytes32);

    /// @notice The stored report `reportId`.
    function getReport(uint256 reportId) external view returns (PendingReport memory);

    /// @notice Number of reports submitted (ids from 1).
    function reportCount() external view returns (uint256);

    /// @notice Whether `signer` is a registered oracle signer.
    function isSigner(address signer) external view returns (bool);

    /// @notice Number of registered signers and signatures a report needs.
    function signers() external view returns (uint256 count, uint256 threshold);

    /// @notice Whether `nonce` was used.
    function nonceUsed(uint256 nonce) external view returns (bool);

    /// @notice Share of `tier` of `productId` (WAD; 0: not a tier).
    function tierPayout(uint256 productId, uint256 tier) external view returns (uint256 payoutWad);

    /// @notice The dispute window of `productId`, seconds.
    function disputeWindow(uint256 productId) external view returns (uint256);
}
