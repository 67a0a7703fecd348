// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";

import {UtilizationCurve} from "../libraries/PricingLib.sol";

/// @notice Lifecycle of a product. Only `Active` products sell cover; claims on existing covers are
/// unaffected by the status.
enum ProductStatus {
    Unlisted,
    Active,
    Paused,
    Retired
}

/// @notice How a product's payouts are decided (read by the claim routes).
/// @dev `Assessed`: token holders vote on claims and incidents. `TriggerFixed`: a trigger proves the
/// event and every cover is owed the trigger's fixed percentage. `TriggerProportional`: the trigger
/// reports a percentage proportional to the observed shortfall, capped by the product terms.
enum PayoutRule {
    Assessed,
    TriggerFixed,
    TriggerProportional
}

/// @notice What governance lists or updates for a product.
/// @param pool The CoverPool whose capital backs the product (fixed once listed).
/// @param claimRoute The only contract allowed to pay this product's covers.
/// @param baseRateWad Annual premium rate before the utilization lift (WAD; 0.02e18 == 2% a year).
/// @param capWad Most active cover of this product, as a fraction of the pool's capital (WAD).
/// @param maxCoverAmount Largest single cover, in asset units.
/// @param minPeriod Shortest cover period, seconds (>= 1 day).
/// @param maxPeriod Longest cover period, seconds (<= 3 years).
/// @param waitingPeriod Seconds after purchase before an incident can pay: cover bought once an
/// incident is known must not pay for it.
/// @param claimGracePeriod Seconds after a cover's end during which its claim can still be filed
/// (enforced by the claim routes).
/// @param payoutRule How payouts are decided.
/// @param termsURI Where the human-readable terms live (e.g. ipfs://...).
struct ProductParams {
    address pool;
    address claimRoute;
    uint64 baseRateWad;
    uint64 capWad;
    uint112 maxCoverAmount;
    uint32 minPeriod;
    uint32 maxPeriod;
    uint32 waitingPeriod;
    uint32 claimGracePeriod;
    PayoutRule payoutRule;
    string termsURI;
}

/// @notice What governance sets for a pool.
/// @param leverageWad Most active cover per unit of capital (WAD; 2e18 == cover up to 2x capital).
/// @param curve The utilization curve that lifts every product's base rate.
struct PoolParams {
    uint64 leverageWad;
    UtilizationCurve curve;
}

/// @notice A purchase.
/// @param productId The product to buy.
/// @param riskKey Zero for a product-wide risk; otherwise the hash naming the insured risk (for
/// example keccak256 of a flight number and date, or of a region and peril).
/// @param amount Cover amount in asset units: the most the cover pays in total.
/// @param period Cover period in seconds, starting now.
/// @param maxPremium Revert if the premium would be higher.
/// @param recipient Receives the cover NFT, and so every payout.
struct BuyCoverParams {
    uint256 productId;
    bytes32 riskKey;
    uint256 amount;
    uint256 period;
    uint256 maxPremium;
    address recipient;
}

/// @notice An ERC-2612 permit signed by the payer for the premium asset, spender the CoverManager.
struct PermitSignature {
    uint256 value;
    uint256 deadline;
    uint8 v;
    bytes32 r;
    bytes32 s;
}

/// @notice A cover as stored.
/// @param owner The NFT owner (zero once cancelled).
/// @param productId Product covered.
/// @param start Purchase time.
/// @param end Cover end (exclusive); set to the cancellation time when cancelled.
/// @param amount Cover still available for payouts, in asset units: the bought amount minus payouts.
/// @param flags Bit 0: has received a payout. Bit 1: cancelled.
/// @param premium Premium of the current term: the purchase premium, or after an extension the
/// unearned premium carried over plus the extension premium.
/// @param termStart When the current term's premium began to be earned (purchase or last extension).
struct Cover {
    address owner;
    uint32 productId;
    uint32 start;
    uint32 end;
    uint120 amount;
    uint8 flags;
    uint96 premium;
    uint32 termStart;
}

/// @title ICoverManager
/// @notice Product registry, cover NFTs (ERC-721), pricing, premium streaming and the single payout
/// entry point of Bulwark. Each product is backed by one CoverPool; each cover is an NFT whose owner
/// receives every payout.
/// @dev Accounting per pool and per product is O(1) per call: active cover and the premium stream
/// drop when a cover's expiry bucket (one per day) passes. Buckets are found through a bitmap, so
/// neither the number of covers nor the time since the last call makes any call cost more.
///
/// Privileged powers. DEFAULT_ADMIN_ROLE (the parameter admin; to be the governance timelock):
/// - list pools and set their leverage (<= 20x) and utilization curve (slopes <= 10x);
/// - list products, update their parameters (not their pool), pause or retire them;
/// - set the cancellation fee (<= 25% of the unearned premium) and the guardian's longest pause
///   (<= 14 days);
/// - grant and revoke roles, including which contract is a product's claim route. A claim route can
///   pay a cover only to its owner, only up to its remaining amount and only for an incident while
///   the cover was active and past its waiting period.
/// GUARDIAN_ROLE: pause sales of one product or of all products for at most the guardian pause
/// limit, once per pause (it cannot extend its own pause), and lift such a pause.
/// No role can move depositors' funds or a cover owner's NFT.
interface ICoverManager is IERC721Metadata {
    // ---------------------------------------------------------------- errors: input

    /// @notice An amount that must be positive was zero.
    error ZeroAmount();
    /// @notice An address that must be set was zero.
    error ZeroAddress();
    /// @notice `period` is outside the product's `[min, max]`.
    error PeriodOutOfRange(uint256 productId, uint256 period, uint256 min, uint256 max);
    /// @notice `amount` is above the product's per-cover maximum `max`.
    error CoverAmountTooLarge(uint256 productId, uint256 amount, uint256 max);
    /// @notice The premium `premium` is above the buyer's `maxPremium`.
    error PremiumAboveMax(uint256 premium, uint256 maxPremium);
    /// @notice The refund `refund` is below the owner's `minRefund`.
    error RefundBelowMin(uint256 refund, uint256 minRefund);
    /// @notice A governance parameter is outside its bounds.
    error ParameterOutOfRange(string name, uint256 value, uint256 min, uint256 max);

    // ---------------------------------------------------------------- errors: products and pools

    /// @notice No product has id `productId`.
    error UnknownProduct(uint256 productId);
    /// @notice The product does not sell cover in its current `status`.
    error ProductNotActive(uint256 productId, ProductStatus status);
    /// @notice Sales of `productId` (0: all products) are paused by the guardian until `until`.
    error SalesPaused(uint256 productId, uint256 until);
    /// @notice `pool` is not a listed pool.
    error UnknownPool(address pool);
    /// @notice `pool` is already listed.
    error PoolAlreadyListed(address pool);
    /// @notice `pool` is not managed by this contract (its `manager()` differs).
    error PoolManagerMismatch(address pool, address manager);
    /// @notice A product's pool cannot change once listed.
    error PoolImmutable(uint256 productId, address pool);

    // ---------------------------------------------------------------- errors: capacity

    /// @notice The purchase would take the pool's active cover past its capacity: `requested` more
    /// cover asked, `available` left (capital x leverage - active cover).
    error PoolCapacityExceeded(address pool, uint256 requested, uint256 available);
    /// @notice The purchase would take the product's active cover past its cap: `requested` more
    /// cover asked, `available` left (capital x cap - active cover of the product).
    error ProductCapacityExceeded(uint256 productId, uint256 requested, uint256 available);
    /// @notice The pool's free capital `available` cannot pay `requested`.
    error InsufficientCapital(address pool, uint256 requested, uint256 available);

    // ---------------------------------------------------------------- errors: covers

    /// @notice No cover has id `coverId`.
    error UnknownCover(uint256 coverId);
    /// @notice `caller` is neither the owner of `coverId` nor approved for it.
    error NotCoverOwner(uint256 coverId, address caller);
    /// @notice Cover `coverId` ended at `end`.
    error CoverExpired(uint256 coverId, uint256 end);
    /// @notice Cover `coverId` has received a payout and can no longer be extended or cancelled.
    error CoverHasPayouts(uint256 coverId);
    /// @notice Cover `coverId` was cancelled.
    error CoverIsCancelled(uint256 coverId);
    /// @notice Covers of pools with open claims or incidents cannot be cancelled until they close.
    error ClaimsOpen(address pool, uint256 openClaims);

    // ---------------------------------------------------------------- errors: payouts

    /// @notice `caller` is not the claim route of product `productId`.
    error NotClaimRoute(uint256 productId, address caller);
    /// @notice The incident at `incidentTime` is not inside the cover's `[start, end)`, or is in the future.
    error CoverNotActiveAt(uint256 coverId, uint256 incidentTime, uint256 start, uint256 end);
    /// @notice The incident at `incidentTime` happened before the waiting period ended at `waitingEnds`.
    error InWaitingPeriod(uint256 coverId, uint256 incidentTime, uint256 waitingEnds);
    /// @notice The payout `requested` is above the cover's remaining amount `remaining`.
    error PayoutExceedsCover(uint256 coverId, uint256 requested, uint256 remaining);
    /// @notice The route tried to release or close more than it holds: `requested` of `held`.
    error ExceedsRouteHolding(address route, address pool, uint256 requested, uint256 held);

    // ---------------------------------------------------------------- errors: guardian

    /// @notice A guardian pause of `duration` seconds is longer than the limit `max`.
    error PauseTooLong(uint256 duration, uint256 max);
    /// @notice The guardian cannot extend a pause that lasts until `until`.
    error AlreadyPaused(uint256 productId, uint256 until);

    // ---------------------------------------------------------------- events

    /// @notice Governance listed `pool` over `asset`.
    event PoolListed(address indexed pool, address indexed asset, PoolParams params);
    /// @notice Governance changed the parameters of `pool`.
    event PoolParamsSet(address indexed pool, PoolParams params);
    /// @notice Governance listed product `productId`.
    event ProductListed(uint256 indexed productId, address indexed pool, ProductParams params);
    /// @notice Governance changed the parameters of product `productId`.
    event ProductUpdated(uint256 indexed productId, ProductParams params);
    /// @notice Governance set the status of product `productId`.
    event ProductStatusSet(uint256 indexed productId, ProductStatus status);
    /// @notice Governance set the cancellation fee (WAD of the unearned premium).
    event CancelFeeSet(uint256 feeWad);
    /// @notice Governance set the guardian's longest pause, in seconds.
    event GuardianPauseLimitSet(uint256 maxDuration);
    /// @notice `by` paused sales of `productId` (0: all products) until `until`.
    event SalesPausedUntil(uint256 indexed productId, uint256 until, address indexed by);
    /// @notice `by` lifted the pause of `productId` (0: all products).
    event SalesUnpaused(uint256 indexed productId, address indexed by);

    /// @notice Cover `coverId` was bought: `amount` of cover on `productId` for `riskKey`, active
    /// from `start` to `end`, for `premium`, owned by `owner`.
    event CoverBought(
        uint256 indexed coverId,
        uint256 indexed productId,
        address indexed owner,
        bytes32 riskKey,
        uint256 amount,
        uint256 premium,
        uint256 start,
        uint256 end
    );
    /// @notice Cover `coverId` now ends at `end`; `premium` was paid for the extension.
    event CoverExtended(uint256 indexed coverId, uint256 end, uint256 premium);
    /// @notice Cover `coverId` was cancelled: `refund` sent to its owner, `fee` kept by the pool.
    event CoverCancelled(uint256 indexed coverId, address indexed owner, uint256 refund, uint256 fee);
    /// @notice `route` paid `amount` to `owner` on cover `coverId` for the incident at `incidentTime`.
    event CoverPaid(
        uint256 indexed coverId, address indexed owner, address indexed route, uint256 amount, uint256 incidentTime
    );
    /// @notice `route` set aside (`delta` > 0) or released (`delta` < 0) capital of `pool` for
    /// accepted claims; `reserved` is the route's total reservation now.
    event PayoutReserveChanged(address indexed route, address indexed pool, int256 delta, uint256 reserved);
    /// @notice `route` opened (`delta` = 1) or closed (`delta` = -1) a claim or incident against
    /// `pool`; `openClaims` is the pool's total now. Exits and cancellations wait while it is > 0.
    event ClaimCountChanged(address indexed route, address indexed pool, int256 delta, uint256 openClaims);

    // ---------------------------------------------------------------- cover holders

    /// @notice Buys cover, paying the premium from the caller; returns the new cover's id and its premium.
    function buyCover(BuyCoverParams calldata params) external returns (uint256 coverId, uint256 premium);

    /// @notice `buyCover` after applying an ERC-2612 permit of the caller for the premium asset, so a
    /// first purchase is one signature and one transaction. A permit that fails (for example because
    /// it was front-run) is ignored when the allowance is already enough.
    function buyCoverWithPermit(BuyCoverParams calldata params, PermitSignature calldata permit)
        external
        returns (uint256 coverId, uint256 premium);

    /// @notice Extends cover `coverId` by `extraPeriod` seconds, paying at the pool's current rate.
    /// The unearned premium and the extension premium are then earned from now to the new end.
    function extendCover(uint256 coverId, uint256 extraPeriod, uint256 maxPremium) external returns (uint256 premium);

    /// @notice Cancels cover `coverId`: the unearned premium minus the cancellation fee goes to its owner
    /// and the NFT is burnt.
    function cancelCover(uint256 coverId, uint256 minRefund) external returns (uint256 refund);

    // ---------------------------------------------------------------- quotes and views

    /// @notice Exactly what `buyCover` would charge now; reverts with the same error it would.
    function quote(uint256 productId, uint256 amount, uint256 period) external view returns (uint256 premium);

    /// @notice Exactly what `extendCover` would charge now; reverts with the same error it would.
    function quoteExtend(uint256 coverId, uint256 extraPeriod) external view returns (uint256 premium);

    /// @notice What `cancelCover` would pay now and the fee it would keep.
    function quoteCancel(uint256 coverId) external view returns (uint256 refund, uint256 fee);

    /// @notice Whether cover `coverId` was (or will be) active at `timestamp`: `start <= timestamp < end`.
    function isActive(uint256 coverId, uint256 timestamp) external view returns (bool);

    /// @notice The stored record of cover `coverId`.
    function cover(uint256 coverId) external view returns (Cover memory);

    /// @notice The risk key of cover `coverId` (zero for product-wide risks).
    function riskKeyOf(uint256 coverId) external view returns (bytes32);

    /// @notice The parameters of product `productId`.
    function product(uint256 productId) external view returns (ProductParams memory);

    /// @notice The status of product `productId`.
    function productStatus(uint256 productId) external view returns (ProductStatus);

    /// @notice Number of products listed; ids run from 1 to this.
    function productCount() external view returns (uint256);

    /// @notice Active cover of product `productId` now (expired buckets excluded).
    function productActiveCover(uint256 productId) external view returns (uint256);

    /// @notice The parameters of `pool`.
    function poolParams(address pool) external view returns (PoolParams memory);

    /// @notice Active cover backed by `pool` now.
    function activeCover(address pool) external view returns (uint256);

    /// @notice Premium paid to `pool` and not yet earned, rounded up.
    function unearnedPremium(address pool) external view returns (uint256);

    /// @notice Capital of `pool` set aside by claim routes for accepted claims.
    function owedPayouts(address pool) external view returns (uint256);

    /// @notice What `pool` owes before its depositors: unearned premium plus owed payouts.
    function liabilities(address pool) external view returns (uint256);

    /// @notice Capital `pool` must keep for its active cover: active cover / leverage, rounded up.
    function requiredCapital(address pool) external view returns (uint256);

    /// @notice Claims and incidents open against `pool`.
    function openClaims(address pool) external view returns (uint256);

    /// @notice The cancellation fee, WAD of the unearned premium.
    function cancelFeeWad() external view returns (uint256);

    /// @notice When the guardian's pause of all sales ends (0 or past: none).
    function salesPausedUntil() external view returns (uint256);

    /// @notice When the guardian's pause of `productId` ends (0 or past: none).
    function productPausedUntil(uint256 productId) external view returns (uint256);

    // ---------------------------------------------------------------- keepers

    /// @notice Processes the expiry buckets of `pool` that have passed. Anyone may call it; every
    /// other call does it too, so it only moves the work to a caller of choice.
    function syncPool(address pool) external;

    // ---------------------------------------------------------------- claim routes

    /// @notice Pays `amount` of cover `coverId` to its owner for the incident at `incidentTime`.
    /// @dev Only the product's claim route. Requires the cover active at `incidentTime` and past its
    /// waiting period, `incidentTime` not in the future, and `amount` <= the cover's remaining amount.
    /// Uses the route's reservation on the pool first, then free capital.
    function payout(uint256 coverId, uint256 amount, uint256 incidentTime) external;

    /// @notice Sets aside `amount` of the free capital of `productId`'s pool for claims the route has
    /// accepted; it leaves `totalAssets()` at once, so depositors cannot exit with it.
    function reservePayout(uint256 productId, uint256 amount) external;

    /// @notice Returns `amount` of the route's reservation on `productId`'s pool to free capital.
    function releasePayout(uint256 productId, uint256 amount) external;

    /// @notice Marks a claim or incident against `productId`'s pool as open (exits and cancellations wait).
    function openClaim(uint256 productId) external;

    /// @notice Closes a claim or incident the route opened against `productId`'s pool.
    function closeClaim(uint256 productId) external;

    // ---------------------------------------------------------------- governance

    /// @notice Lists `pool` (whose `manager()` must be this contract) with `params`.
    function listPool(address pool, PoolParams calldata params) external;

    /// @notice Sets the leverage and utilization curve of `pool`.
    function setPoolParams(address pool, PoolParams calldata params) external;

    /// @notice Lists a product; returns its id. It starts `Active`.
    function listProduct(ProductParams calldata params) external returns (uint256 productId);

    /// @notice Replaces the parameters of product `productId` (its pool must stay the same).
    function updateProduct(uint256 productId, ProductParams calldata params) external;

    /// @notice Sets the status of product `productId`.
    function setProductStatus(uint256 productId, ProductStatus status) external;

    /// @notice Sets the cancellation fee (WAD of the unearned premium, <= 25%).
    function setCancelFee(uint256 feeWad) external;

    /// @notice Sets the guardian's longest pause (seconds, <= 14 days).
    function setGuardianPauseLimit(uint256 maxDuration) external;

    // ---------------------------------------------------------------- guardian

    /// @notice Pauses sales of `productId` (0: all products) for `duration` seconds. GUARDIAN_ROLE or
    /// DEFAULT_ADMIN_ROLE; the guardian is bounded by the pause limit and cannot extend a running pause.
    function pauseSales(uint256 productId, uint256 duration) external;

    /// @notice Lifts a pause of `productId` (0: all products). GUARDIAN_ROLE or DEFAULT_ADMIN_ROLE.
    function unpauseSales(uint256 productId) external;
}
