// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ITrigger
/// @notice A parametric claim route. A trigger proves an event on chain (from a price feed, or from
/// reports signed by oracle signers) and then pays every cover of the event's product and risk that
/// was active and past its waiting period at the event's time, each exactly once, to the cover's
/// owner, through `CoverManager.payoutShare`. Nobody has to claim: anyone (in practice the keeper)
/// pushes the payouts in batches.
/// @dev Payout shares are WAD (1e18 = 100% of a cover's remaining amount); basis points appear only
/// at the edges (configuration files, user interfaces).
interface ITrigger {
    /// @notice A proven event.
    /// @param productId The product whose covers it pays.
    /// @param riskKey The risk within the product (zero: product-wide, e.g. a de-peg); only covers
    /// bought for this risk key are paid.
    /// @param incidentTime When the event happened: covers must have been active (and past their
    /// waiting period) then.
    /// @param provenAt When the trigger accepted the proof.
    /// @param payoutWad Share of each cover's remaining amount paid.
    struct TriggerEvent {
        uint32 productId;
        uint32 incidentTime;
        uint32 provenAt;
        uint64 payoutWad;
        bytes32 riskKey;
    }

    /// @notice Event `eventId` was proven: covers of `productId` for `riskKey` active at
    /// `incidentTime` are owed `payoutWad` of their remaining amount.
    event Triggered(
        uint256 indexed eventId,
        uint256 indexed productId,
        bytes32 indexed riskKey,
        uint256 incidentTime,
        uint256 payoutWad
    );

    /// @notice Cover `coverId` was paid `amount` for event `eventId` (to the cover's owner).
    event TriggerCoverPaid(uint256 indexed eventId, uint256 indexed coverId, uint256 amount);

    /// @notice No event with this id.
    error UnknownEvent(uint256 eventId);

    /// @notice The cover was bought for another risk than the event's.
    error WrongRisk(uint256 eventId, uint256 coverId, bytes32 expected, bytes32 actual);

    /// @notice Event `eventId` was closed: its product's sales, extensions and cancellations resume
    /// (product-wide events only). Covers can still be paid for it.
    event EventClosed(uint256 indexed eventId);

    /// @notice Governance set the payout window of `productId`, seconds.
    event PayoutWindowSet(uint256 indexed productId, uint256 payoutWindow);

    /// @notice The event's payout window, until `windowEnd`, is still open.
    error PayoutWindowOpen(uint256 eventId, uint256 windowEnd);

    /// @notice The event was closed already, or never opened an incident (per-risk events).
    error EventNotOpen(uint256 eventId);

    /// @notice This contract is not the claim route of `productId`.
    error NotRouteOf(uint256 productId, address claimRoute);

    /// @notice A governance parameter is outside its bounds.
    error ParameterOutOfRange(string name, uint256 value, uint256 min, uint256 max);

    /// @notice An address that must be set was zero.
    error ZeroAddress();

    /// @notice Pays each of `coverIds` its share for event `eventId`; covers already paid for this
    /// event are skipped (so racing keepers are harmless), ineligible covers revert the batch with the
    /// CoverManager's error. Anyone may call it.
    /// @return total The amount paid by this call.
    function payCovers(uint256 eventId, uint256[] calldata coverIds) external returns (uint256 total);

    /// @notice The event `eventId` (reverts `UnknownEvent` if none).
    function getEvent(uint256 eventId) external view returns (TriggerEvent memory);

    /// @notice Number of events proven so far (ids run from 1).
    function eventCount() external view returns (uint256);

    /// @notice Whether cover `coverId` was paid for event `eventId`.
    function isPaid(uint256 eventId, uint256 coverId) external view returns (bool);

    /// @notice Closes product-wide event `eventId` once its payout window (`provenAt` + the product's
    /// payout window) has passed: the CoverManager incident it opened closes, so the product's sales,
    /// extensions and cancellations resume. Anyone may call it. Covers can still be paid afterwards.
    function closeEvent(uint256 eventId) external;

    /// @notice Whether an event was recorded for `riskKey` of `productId` (zero: a product-wide one).
    /// @dev Per-risk events (riskKey != 0) do not stop the CoverManager from selling cover for that
    /// risk (it has no per-risk switch); front-ends and keepers read this to stop offering it, and such
    /// late covers cannot be paid anyway: they were not active (and past waiting) at the incident time.
    function isRiskTriggered(uint256 productId, bytes32 riskKey) external view returns (bool);

    /// @notice The last event recorded for `riskKey` of `productId` (0: none).
    function lastEventOf(uint256 productId, bytes32 riskKey) external view returns (uint256);

    /// @notice Seconds after `provenAt` during which a product-wide event keeps the product's sales
    /// closed.
    function payoutWindow(uint256 productId) external view returns (uint256);

    /// @notice The CoverManager whose products this trigger is the claim route of.
    function manager() external view returns (address);
}
