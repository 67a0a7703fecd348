// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ICoverManager} from "../interfaces/ICoverManager.sol";
import {ITrigger} from "../interfaces/ITrigger.sol";

/// @title TriggerBase
/// @notice What every parametric trigger shares: the proven events, the batch payouts (each cover once
/// per event, through `CoverManager.payoutShare`), and the incident a product-wide event holds open on
/// the CoverManager until its payout window ends. See ITrigger.
/// @dev DEFAULT_ADMIN_ROLE is the governance timelock; GUARDIAN_ROLE is used by the concrete triggers
/// (for example to void a signed report during its dispute window). The CoverManager enforces what must
/// hold whatever the route (cover of the product, active at the incident time and past its waiting
/// period, incident not in the future, the owner receives the funds); a trigger decides which events
/// happened, and when.
abstract contract TriggerBase is ITrigger, AccessControl, ReentrancyGuardTransient {
    /// @notice May void signed reports during their dispute window (SignedReportTrigger).
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @dev Bounds of a product's payout window, seconds.
    uint256 internal constant MIN_PAYOUT_WINDOW = 1 days;
    uint256 internal constant MAX_PAYOUT_WINDOW = 90 days;

    ICoverManager internal immutable _manager;

    uint256 internal _eventCount;
    mapping(uint256 eventId => TriggerEvent) internal _events;
    /// @dev Bit `coverId % 256` of word `coverId / 256`: event `eventId` paid the cover.
    mapping(uint256 eventId => mapping(uint256 word => uint256)) internal _paid;
    /// @dev Product-wide events whose CoverManager incident is still open.
    mapping(uint256 eventId => bool) internal _incidentOpen;
    mapping(uint256 productId => mapping(bytes32 riskKey => uint256 eventId)) internal _lastEvent;
    mapping(uint256 productId => uint32) internal _payoutWindows;

    /// @param manager_ The CoverManager whose products name this trigger as their claim route.
    /// @param admin Holds DEFAULT_ADMIN_ROLE (the governance timelock once deployment ends).
    /// @param guardian Holds GUARDIAN_ROLE (zero: none yet).
    constructor(ICoverManager manager_, address admin, address guardian) {
        if (address(manager_) == address(0) || admin == address(0)) revert ZeroAddress();
        _manager = manager_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
    }

    // ================================================================ payouts

    /// @inheritdoc ITrigger
    function payCovers(uint256 eventId, uint256[] calldata coverIds) external nonReentrant returns (uint256 total) {
        // One SLOAD pair for the whole batch.
        TriggerEvent memory e = _eventOf(eventId);
        uint256 productId = e.productId;
        uint256 shareWad = e.payoutWad;
        uint256 incidentTime = e.incidentTime;
        bytes32 riskKey = e.riskKey;
        mapping(uint256 => uint256) storage paidBits = _paid[eventId];
        // Covers are usually bought in sequence, so consecutive ids share a bitmap word: keep the word
        // in memory and write it back only when the batch moves to another word.
        uint256 wordIndex = type(uint256).max;
        uint256 word;
        for (uint256 i = 0; i < coverIds.length; ++i) {
            uint256 coverId = coverIds[i];
            uint256 index = coverId >> 8;
            if (index != wordIndex) {
                if (wordIndex != type(uint256).max) paidBits[wordIndex] = word;
                wordIndex = index;
                word = paidBits[index];
            }
            uint256 bit = 1 << (coverId & 0xff);
            if (word & bit != 0) continue; // each cover once per event; a racing keeper is harmless
            word |= bit;
            if (riskKey != bytes32(0)) {
                bytes32 actual = _manager.riskKeyOf(coverId);
                if (actual != riskKey) revert WrongRisk(eventId, coverId, riskKey, actual);
            }
            // Reverts unless the cover is the product's, was active at the incident time and past its
            // waiting period; pays its owner. The bit is set in memory first and the manager is
            // trusted (immutable) and this call is non-reentrant, so a cover cannot be paid twice.
            uint256 paid = _manager.payoutShare(coverId, productId, shareWad, incidentTime);
            total += paid;
            emit TriggerCoverPaid(eventId, coverId, paid);
        }
        if (wordIndex != type(uint256).max) paidBits[wordIndex] = word;
    }

    /// @inheritdoc ITrigger
    function closeEvent(uint256 eventId) external nonReentrant {
        TriggerEvent memory e = _eventOf(eventId);
        if (!_incidentOpen[eventId]) revert EventNotOpen(eventId);
        uint256 windowEnd = uint256(e.provenAt) + _payoutWindows[e.productId];
        if (block.timestamp < windowEnd) revert PayoutWindowOpen(eventId, windowEnd);
        delete _incidentOpen[eventId];
        emit EventClosed(eventId);
        _manager.closeIncident(e.productId);
    }

    // ================================================================ views

    /// @inheritdoc ITrigger
    function getEvent(uint256 eventId) external view returns (TriggerEvent memory) {
        return _eventOf(eventId);
    }

    /// @inheritdoc ITrigger
    function eventCount() external view returns (uint256) {
        return _eventCount;
    }

    /// @inheritdoc ITrigger
    function isPaid(uint256 eventId, uint256 coverId) external view returns (bool) {
        return _paid[eventId][coverId >> 8] & (1 << (coverId & 0xff)) != 0;
    }

    /// @inheritdoc ITrigger
    function isRiskTriggered(uint256 productId, bytes32 riskKey) external view returns (bool) {
        return _lastEvent[productId][riskKey] != 0;
    }

    /// @inheritdoc ITrigger
    function lastEventOf(uint256 productId, bytes32 riskKey) external view returns (uint256) {
        return _lastEvent[productId][riskKey];
    }

    /// @inheritdoc ITrigger
    function payoutWindow(uint256 productId) external view returns (uint256) {
        return _payoutWindows[productId];
    }

    /// @inheritdoc ITrigger
    function manager() external view returns (address) {
        return address(_manager);
    }

    // ================================================================ internal

    function _eventOf(uint256 eventId) internal view returns (TriggerEvent memory e) {
        e = _events[eventId];
        if (e.provenAt == 0) revert UnknownEvent(eventId);
    }

    /// @dev Records an event proven now. A product-wide event (riskKey zero) opens an incident on the
    /// CoverManager so the product's sales, extensions and cancellations wait until `closeEvent`; a
    /// per-risk event cannot stop sales of its risk there (no per-risk switch), see `isRiskTriggered`.
    /// The casts are safe: callers pass `incidentTime <= block.timestamp` (uint32 until 2106), a
    /// product id (the CoverManager's are 32-bit) and `payoutWad <= WAD`.
    function _recordEvent(uint256 productId, bytes32 riskKey, uint256 incidentTime, uint256 payoutWad)
        internal
        returns (uint256 eventId)
    {
        eventId = ++_eventCount;
        _events[eventId] = TriggerEvent({
            productId: uint32(productId),
            incidentTime: uint32(incidentTime),
            provenAt: uint32(block.timestamp),
            payoutWad: uint64(payoutWad),
            riskKey: riskKey
        });
        _lastEvent[productId][riskKey] = eventId;
        if (riskKey == bytes32(0)) _incidentOpen[eventId] = true;
        emit Triggered(eventId, productId, riskKey, incidentTime, payoutWad);
        if (riskKey == bytes32(0)) _manager.openIncident(productId);
        else _manager.closeRisk(productId, riskKey);
    }

    /// @dev Checks that this contract is the claim route of `productId` (reverts for unknown products)
    /// and sets its payout window.
    function _configureProduct(uint256 productId, uint256 window) internal {
        address claimRoute = _manager.product(productId).claimRoute;
        if (claimRoute != address(this)) revert NotRouteOf(productId, claimRoute);
        if (window < MIN_PAYOUT_WINDOW || window > MAX_PAYOUT_WINDOW) {
            revert ParameterOutOfRange("payoutWindow", window, MIN_PAYOUT_WINDOW, MAX_PAYOUT_WINDOW);
        }
        _payoutWindows[productId] = uint32(window);
        emit PayoutWindowSet(productId, window);
    }
}
