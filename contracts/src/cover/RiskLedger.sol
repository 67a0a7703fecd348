// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ProductStatus, PayoutRule} from "../interfaces/ICoverManager.sol";
import {ExpiryBitmap} from "../libraries/ExpiryBitmap.sol";
import {BUCKET, EARN_SCALE, NO_EXPIRY} from "../libraries/Constants.sol";
import {MathLib} from "../libraries/MathLib.sol";

/// @title RiskLedger
/// @notice Active cover and the premium stream of the pool and of each product, O(1) per call.
/// @dev Premium streaming. A cover bought at `t0` streams its premium until `streamEnd`, the first
/// bucket boundary (a multiple of BUCKET) at or after its end, at a fixed `rateScaled` (asset units x
/// EARN_SCALE per second). The buyer pays `ceil(rateScaled * (streamEnd - t0) / EARN_SCALE)`, so the
/// unearned premium added never exceeds the premium received and the share price never falls on a
/// purchase. The ledger keeps `liabilitiesScaled` (the sum over live covers of `rate x time left`, plus
/// the payouts claim routes reserved, x EARN_SCALE) and `rateScaled` (the live covers' rates summed);
/// time earns `rateScaled x elapsed`, and at each boundary the covers of that day leave the stream,
/// their unearned part having reached exactly zero. The owed part never streams, so it stays whole.
///
/// Expiry buckets. Covers are grouped by (product, day of stream end). The buckets of one day form a
/// linked list through `Bucket.nextProduct`, headed by `_dayHead[day]`, and a bitmap marks the days
/// that have a list. A sync walks the days that passed (one bitmap word per 256 days) and each day's
/// list, subtracting every bucket from the pool and from its product and deleting it (the deletions
/// refund most of their own cost). A purchase into an existing bucket writes one bucket slot; each
/// bucket is processed once, so no call grows with the number of covers, products or idle days.
abstract contract RiskLedger {
    using MathLib for uint256;
    using SafeCast for uint256;

    /// @dev Pool ledger, two slots, both read and written by every purchase. The pool's parameters
    /// share the first slot so a purchase reads no third one; owed payouts are part of the stream's
    /// slot as liabilities (they are kept on their own too, for views, by the CoverManager).
    struct Ledger {
        // slot 0
        uint96 activeCover; // asset units
        uint24 nextExpiryDay; // no bucket ends before this day; NO_EXPIRY when no cover is active
        uint40 nextCoverId;
        uint96 config; // pool parameters, packed by the CoverManager (4 x 24 bits, in millionths)
        // slot 1
        uint120 liabilitiesScaled; // unearned premium + owed payouts, asset units x EARN_SCALE
        uint104 rateScaled; // asset units x EARN_SCALE per second
        uint32 lastUpdate; // the stream is earned up to this time
    }

    /// @dev The ledger unpacked for arithmetic.
    struct LedgerMem {
        uint256 activeCover;
        uint256 nextExpiryDay;
        uint256 nextCoverId;
        uint256 config;
        uint256 liabilitiesScaled;
        uint256 rateScaled;
        uint256 lastUpdate;
    }

    /// @dev Covers of one product whose stream ends on one day.
    struct Bucket {
        uint96 amount;
        uint104 rateScaled;
        uint32 nextProduct; // next bucket of the same day (0: end of list)
        bool linked; // in its day's list (stays linked when cancellations empty it)
    }

    /// @dev Product configuration and ledger, laid out so a purchase reads two slots.
    struct ProductState {
        // slot 0: read by every purchase
        uint64 baseRateWad;
        uint64 capWad;
        uint96 maxCoverAmount;
        ProductStatus status;
        PayoutRule payoutRule;
        uint16 openIncidents; // sales wait while any is open
        // slot 1: read and written by every purchase
        uint96 activeCover;
        uint40 pausedUntil; // guardian pause of this product's sales
        uint32 minPeriod;
        uint32 maxPeriod;
        // slot 2: read by every payout
        address claimRoute;
        uint32 waitingPeriod;
        uint32 claimGracePeriod;
        uint32 payoutsPausedUntil; // type(uint32).max: halted by governance
        string termsURI;
    }

    Ledger internal _ledger;
    mapping(uint256 productId => ProductState) internal _products;
    mapping(uint256 productId => mapping(uint256 day => Bucket)) internal _buckets;
    mapping(uint256 day => uint256 productId) internal _dayHead;
    mapping(uint256 word => uint256) internal _dayBits;

    // ---------------------------------------------------------------- sync

    /// @dev Processes every bucket whose boundary has passed, earns the stream to now and returns the
    /// pool ledger (not yet stored). Products' active cover is updated in storage.
    function _sync() internal returns (LedgerMem memory l) {
        l = _loadLedger();
        uint256 today = block.timestamp / BUCKET;
        if (l.nextExpiryDay <= today) {
            uint256 day = l.nextExpiryDay;
            while ((day = ExpiryBitmap.firstSet(_dayBits, day, today)) != ExpiryBitmap.NONE) {
                _earn(l, day * BUCKET);
                uint256 productId = _dayHead[day];
                delete _dayHead[day];
                while (productId != 0) {
                    Bucket memory bucket = _buckets[productId][day];
                    delete _buckets[productId][day];
                    l.rateScaled -= bucket.rateScaled;
                    l.activeCover -= bucket.amount;
                    _products[productId].activeCover -= bucket.amount;
                    productId = bucket.nextProduct;
                }
                ExpiryBitmap.unset(_dayBits, day);
                ++day;
            }
            l.nextExpiryDay = l.activeCover == 0 ? NO_EXPIRY : ExpiryBitmap.nextHint(_dayBits, today + 1);
        }
        _earn(l, block.timestamp);
    }

    /// @dev The pool ledger as `_sync` would leave it now, writing nothing.
    function _previewLedger() internal view returns (LedgerMem memory l) {
        l = _loadLedger();
        uint256 today = block.timestamp / BUCKET;
        if (l.nextExpiryDay <= today) {
            uint256 day = l.nextExpiryDay;
            while ((day = ExpiryBitmap.firstSet(_dayBits, day, today)) != ExpiryBitmap.NONE) {
                _earn(l, day * BUCKET);
                for (uint256 productId = _dayHead[day]; productId != 0;) {
                    Bucket storage bucket = _buckets[productId][day];
                    l.rateScaled -= bucket.rateScaled;
                    l.activeCover -= bucket.amount;
                    productId = bucket.nextProduct;
                }
                ++day;
            }
        }
        _earn(l, block.timestamp);
    }

    /// @dev Active cover of `productId` as a sync now would leave it, writing nothing.
    function _previewProductCover(uint256 productId) internal view returns (uint256 active) {
        active = _products[productId].activeCover;
        uint256 day = _ledger.nextExpiryDay;
        uint256 today = block.timestamp / BUCKET;
        while (day <= today && (day = ExpiryBitmap.firstSet(_dayBits, day, today)) != ExpiryBitmap.NONE) {
            active -= _buckets[productId][day].amount;
            ++day;
        }
    }

    /// @dev Earns the stream up to `time`. Callers process every boundary before `time` first, so every
    /// cover still in the rate streams at least until `time` and the subtraction cannot underflow.
    function _earn(LedgerMem memory l, uint256 time) private pure {
        l.liabilitiesScaled -= l.rateScaled * (time - l.lastUpdate);
        l.lastUpdate = time;
    }

    // ---------------------------------------------------------------- buckets

    /// @dev Adds `amount` of cover streaming `rateScaled` to the bucket of (`productId`, `day`).
    function _addToBucket(LedgerMem memory l, uint256 productId, uint256 day, uint256 amount, uint256 rateScaled)
        internal
    {
        Bucket storage bucket = _buckets[productId][day];
        uint256 word;
        assembly ("memory-safe") {
            word := sload(bucket.slot)
        }
        // Lower the hint whatever the list's state: a day whose buckets a cancellation emptied keeps its
        // list, and may lie beyond a hint set while no cover was active.
        if (day < l.nextExpiryDay) l.nextExpiryDay = day;
        // `Bucket`'s layout: amount (bits 0-95), rateScaled (96-199), nextProduct (200-231), linked (232).
        uint256 links = word >> 200;
        if (links == 0) {
            // Not linked yet (a linked bucket has its flag set): it becomes its day's new head.
            uint256 head = _dayHead[day];
            if (head == 0) ExpiryBitmap.set(_dayBits, day);
            _dayHead[day] = productId;
            links = head | (1 << 32); // product ids are < 2^32 (listProduct)
        }
        word = uint256((uint96(word) + amount).toUint96())
            | (uint256((uint104(word >> 96) + rateScaled).toUint104()) << 96) | (links << 200);
        assembly ("memory-safe") {
            sstore(bucket.slot, word)
        }
    }

    /// @dev Removes a cover from its bucket. An emptied bucket stays in its day's list until the day
    /// passes: unlinking from a singly linked list would need a walk.
    function _removeFromBucket(uint256 productId, uint256 day, uint256 amount, uint256 rateScaled) internal {
        Bucket storage bucket = _buckets[productId][day];
        bucket.amount -= uint96(amount); // the cover's amount is part of the bucket's
        bucket.rateScaled -= uint104(rateScaled); // and so is its rate
    }

    // ---------------------------------------------------------------- storage

    function _loadLedger() internal view returns (LedgerMem memory l) {
        (uint256 s0, uint256 s1) = _ledgerWords();
        l.activeCover = uint96(s0);
        l.nextExpiryDay = uint24(s0 >> 96);
        l.nextCoverId = uint40(s0 >> 120);
        l.config = s0 >> 160;
        l.liabilitiesScaled = uint120(s1);
        l.rateScaled = uint104(s1 >> 120);
        l.lastUpdate = s1 >> 224;
    }

    /// @dev Stores the ledger; reverts with SafeCast's error if a sum outgrew its field. (The words are
    /// packed by hand, in `Ledger`'s layout, so a purchase pays for no read-modify-write.)
    function _storeLedger(LedgerMem memory l) internal {
        uint256 s0 = uint256(l.activeCover.toUint96()) | (uint256(l.nextExpiryDay.toUint24()) << 96)
            | (uint256(l.nextCoverId.toUint40()) << 120) | (l.config << 160); // config: loaded, < 2^96
        uint256 s1 = uint256(l.liabilitiesScaled.toUint120()) | (uint256(l.rateScaled.toUint104()) << 120)
            | (uint256(l.lastUpdate.toUint32()) << 224);
        assembly ("memory-safe") {
            sstore(_ledger.slot, s0)
            sstore(add(_ledger.slot, 1), s1)
        }
    }

    function _ledgerWords() internal view returns (uint256 s0, uint256 s1) {
        assembly ("memory-safe") {
            s0 := sload(_ledger.slot)
            s1 := sload(add(_ledger.slot, 1))
        }
    }

    /// @dev Unearned premium plus owed payouts, in asset units: `ceil(unearned) + owed`, as owed payouts
    /// are whole units.
    function _liabilities(LedgerMem memory l) internal pure returns (uint256) {
        return l.liabilitiesScaled.divUp(EARN_SCALE);
    }

    /// @dev `_liabilities(_previewLedger())`, reading the packed ledger directly when no bucket has
    /// passed (the common case: payouts, deposits and exits read it on every call).
    function _liabilitiesNow() internal view returns (uint256) {
        (uint256 s0, uint256 s1) = _ledgerWords();
        if (uint24(s0 >> 96) <= block.timestamp / BUCKET) return _liabilities(_previewLedger());
        return (uint120(s1) - uint256(uint104(s1 >> 120)) * (block.timestamp - (s1 >> 224))).divUp(EARN_SCALE);
    }
}
