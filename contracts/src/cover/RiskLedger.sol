// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {ProductStatus, PayoutRule} from "../interfaces/ICoverManager.sol";
import {UtilizationCurve} from "../libraries/PricingLib.sol";
import {ExpiryBitmap} from "../libraries/ExpiryBitmap.sol";
import {BUCKET, EARN_SCALE, NO_EXPIRY} from "../libraries/Constants.sol";
import {MathLib} from "../libraries/MathLib.sol";

/// @title RiskLedger
/// @notice Active cover and the premium stream of every pool and product, kept in O(1) per call.
/// @dev How premium is earned. A cover bought at `t0` for premium `P`, ending at `end`, streams from
/// `t0` to `streamEnd`, the first bucket boundary at or after `end`, at
///     rate = ceil(P * EARN_SCALE / (streamEnd - t0))      (asset units x EARN_SCALE per second).
/// The pool adds `rate * (streamEnd - t0)` to its scaled unearned premium and `rate` to its stream
/// rate, and adds the cover to the expiry bucket of day `streamEnd / BUCKET`. As time passes the
/// unearned premium falls by `rate x elapsed`; at a bucket's boundary its covers' rates leave the
/// stream. Each cover's share of the unearned premium therefore reaches exactly zero at its stream
/// end, with no rounding residue, and the rounding up of `rate` errs towards more unearned premium
/// (less than 1 unit per EARN_SCALE seconds of period). Buckets are found through `ExpiryBitmap`.
abstract contract RiskLedger {
    using MathLib for uint256;
    using SafeCast for uint256;

    /// @dev Per-pool ledger, two slots; both are written by every purchase.
    struct PoolLedger {
        uint112 activeCover; // asset units
        uint112 owed; // asset units reserved by claim routes
        uint32 nextExpiryDay; // no bucket before this day holds cover; NO_EXPIRY when none does
        uint120 unearnedScaled; // asset units x EARN_SCALE
        uint104 rateScaled; // asset units x EARN_SCALE per second
        uint32 lastUpdate; // time to which the stream is earned
    }

    /// @dev The same ledger unpacked for arithmetic.
    struct PoolLedgerMem {
        uint256 activeCover;
        uint256 owed;
        uint256 nextExpiryDay;
        uint256 unearnedScaled;
        uint256 rateScaled;
        uint256 lastUpdate;
    }

    struct PoolBucket {
        uint128 amount;
        uint128 rateScaled;
    }

    struct PoolState {
        address asset; // slot 0: read by every purchase
        uint64 leverageWad;
        bool listed;
        UtilizationCurve curve; // slot 1: read by every purchase
        PoolLedger ledger; // slots 2-3
        uint256 openClaims;
        mapping(uint256 word => uint256) expiryBits;
        mapping(uint256 day => PoolBucket) buckets;
    }

    /// @dev Per-product ledger, one slot.
    struct ProductLedger {
        uint112 activeCover;
        uint32 nextExpiryDay;
        uint40 pausedUntil; // guardian pause of this product's sales
    }

    struct ProductState {
        address pool; // slot 0: read by every purchase
        uint64 baseRateWad;
        ProductStatus status;
        PayoutRule payoutRule;
        uint112 maxCoverAmount; // slot 1: read by every purchase
        uint64 capWad;
        uint32 minPeriod;
        uint32 maxPeriod;
        address claimRoute; // slot 2: read by every payout
        uint32 waitingPeriod;
        uint32 claimGracePeriod;
        ProductLedger ledger; // slot 3
        string termsURI;
        mapping(uint256 word => uint256) expiryBits;
        mapping(uint256 day => uint256) bucketAmount;
    }

    mapping(address pool => PoolState) internal _pools;
    mapping(uint256 productId => ProductState) internal _products;

    // ---------------------------------------------------------------- pools

    /// @dev Processes the pool's passed buckets, earns the stream to now and returns the ledger
    /// (not yet stored). Cleared buckets and bitmap bits refund most of their own cost.
    function _syncPool(PoolState storage ps) internal returns (PoolLedgerMem memory l) {
        l = _loadPool(ps);
        uint256 today = block.timestamp / BUCKET;
        if (l.nextExpiryDay <= today) {
            uint256 day = l.nextExpiryDay;
            while ((day = ExpiryBitmap.firstSet(ps.expiryBits, day, today)) != ExpiryBitmap.NONE) {
                _expirePoolBucket(l, day, ps.buckets[day]);
                delete ps.buckets[day];
                ExpiryBitmap.unset(ps.expiryBits, day);
                ++day;
            }
            l.nextExpiryDay = l.activeCover == 0 ? NO_EXPIRY : ExpiryBitmap.nextHint(ps.expiryBits, today + 1);
        }
        _earn(l);
    }

    /// @dev `_syncPool` without writing anything: the ledger as it would be after a sync now.
    function _previewPool(PoolState storage ps) internal view returns (PoolLedgerMem memory l) {
        l = _loadPool(ps);
        uint256 today = block.timestamp / BUCKET;
        if (l.nextExpiryDay <= today) {
            uint256 day = l.nextExpiryDay;
            while ((day = ExpiryBitmap.firstSet(ps.expiryBits, day, today)) != ExpiryBitmap.NONE) {
                _expirePoolBucket(l, day, ps.buckets[day]);
                ++day;
            }
        }
        _earn(l);
    }

    function _expirePoolBucket(PoolLedgerMem memory l, uint256 day, PoolBucket storage bucket) private view {
        uint256 boundary = day * BUCKET;
        // Earn up to the boundary at the rate that still includes this bucket's covers.
        l.unearnedScaled -= l.rateScaled * (boundary - l.lastUpdate);
        l.lastUpdate = boundary;
        l.rateScaled -= bucket.rateScaled;
        l.activeCover -= bucket.amount;
    }

    /// @dev Earns the stream from `lastUpdate` to now. Every bucket whose boundary has passed was
    /// processed first, so every remaining cover streams until after now.
    function _earn(PoolLedgerMem memory l) private view {
        l.unearnedScaled -= l.rateScaled * (block.timestamp - l.lastUpdate);
        l.lastUpdate = block.timestamp;
    }

    /// @dev Adds a cover to the pool's and the product's expiry buckets of `day`.
    function _addExpiry(
        PoolState storage ps,
        PoolLedgerMem memory l,
        ProductState storage p,
        ProductLedgerMem memory pl,
        uint256 day,
        uint256 amount,
        uint256 rateScaled
    ) internal {
        PoolBucket storage bucket = ps.buckets[day];
        uint256 bucketAmount = bucket.amount;
        if (bucketAmount == 0) {
            ExpiryBitmap.set(ps.expiryBits, day);
            if (day < l.nextExpiryDay) l.nextExpiryDay = day;
        }
        bucket.amount = (bucketAmount + amount).toUint128();
        bucket.rateScaled = (bucket.rateScaled + rateScaled).toUint128();

        uint256 productAmount = p.bucketAmount[day];
        if (productAmount == 0) {
            ExpiryBitmap.set(p.expiryBits, day);
            if (day < pl.nextExpiryDay) pl.nextExpiryDay = day;
        }
        p.bucketAmount[day] = productAmount + amount;
    }

    /// @dev Removes a cover from the pool's and the product's expiry buckets of `day` (it must be there).
    function _removeExpiry(PoolState storage ps, ProductState storage p, uint256 day, uint256 amount, uint256 rateScaled)
        internal
    {
        PoolBucket storage bucket = ps.buckets[day];
        uint256 bucketAmount = bucket.amount - amount;
        if (bucketAmount == 0) {
            delete ps.buckets[day];
            ExpiryBitmap.unset(ps.expiryBits, day);
        } else {
            bucket.amount = uint128(bucketAmount); // smaller than the stored uint128
            bucket.rateScaled -= rateScaled.toUint128();
        }

        uint256 productAmount = p.bucketAmount[day] - amount;
        p.bucketAmount[day] = productAmount;
        if (productAmount == 0) ExpiryBitmap.unset(p.expiryBits, day);
    }

    function _loadPool(PoolState storage ps) private view returns (PoolLedgerMem memory l) {
        PoolLedger memory s = ps.ledger;
        l = PoolLedgerMem(s.activeCover, s.owed, s.nextExpiryDay, s.unearnedScaled, s.rateScaled, s.lastUpdate);
    }

    /// @dev Stores a ledger; reverts with SafeCast's error if a field outgrew its slot.
    function _storePool(PoolState storage ps, PoolLedgerMem memory l) internal {
        ps.ledger = PoolLedger({
            activeCover: l.activeCover.toUint112(),
            owed: l.owed.toUint112(),
            nextExpiryDay: l.nextExpiryDay.toUint32(),
            unearnedScaled: l.unearnedScaled.toUint120(),
            rateScaled: l.rateScaled.toUint104(),
            lastUpdate: l.lastUpdate.toUint32()
        });
    }

    /// @dev Unearned premium plus owed payouts, in asset units (unearned rounded up).
    function _liabilities(PoolLedgerMem memory l) internal pure returns (uint256) {
        return l.unearnedScaled.divUp(EARN_SCALE) + l.owed;
    }

    // ---------------------------------------------------------------- products

    struct ProductLedgerMem {
        uint256 activeCover;
        uint256 nextExpiryDay;
        uint256 pausedUntil;
    }

    /// @dev Processes the product's passed buckets and returns its ledger (not yet stored).
    function _syncProduct(ProductState storage p) internal returns (ProductLedgerMem memory l) {
        l = _loadProduct(p);
        uint256 today = block.timestamp / BUCKET;
        if (l.nextExpiryDay <= today) {
            uint256 day = l.nextExpiryDay;
            while ((day = ExpiryBitmap.firstSet(p.expiryBits, day, today)) != ExpiryBitmap.NONE) {
                l.activeCover -= p.bucketAmount[day];
                delete p.bucketAmount[day];
                ExpiryBitmap.unset(p.expiryBits, day);
                ++day;
            }
            l.nextExpiryDay = l.activeCover == 0 ? NO_EXPIRY : ExpiryBitmap.nextHint(p.expiryBits, today + 1);
        }
    }

    /// @dev `_syncProduct` without writing anything.
    function _previewProduct(ProductState storage p) internal view returns (ProductLedgerMem memory l) {
        l = _loadProduct(p);
        uint256 today = block.timestamp / BUCKET;
        if (l.nextExpiryDay <= today) {
            uint256 day = l.nextExpiryDay;
            while ((day = ExpiryBitmap.firstSet(p.expiryBits, day, today)) != ExpiryBitmap.NONE) {
                l.activeCover -= p.bucketAmount[day];
                ++day;
            }
        }
    }

    function _loadProduct(ProductState storage p) private view returns (ProductLedgerMem memory l) {
        ProductLedger memory s = p.ledger;
        l = ProductLedgerMem(s.activeCover, s.nextExpiryDay, s.pausedUntil);
    }

    function _storeProduct(ProductState storage p, ProductLedgerMem memory l) internal {
        p.ledger = ProductLedger({
            activeCover: l.activeCover.toUint112(),
            nextExpiryDay: l.nextExpiryDay.toUint32(),
            pausedUntil: l.pausedUntil.toUint40()
        });
    }
}
