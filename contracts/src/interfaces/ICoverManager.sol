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
    address claimRoute;
    uint64 baseRateWad;
    uint64 capWad;
    uint96 maxCoverAmount;
    uint32 minPeriod;
    uint32 maxPeriod;
    uint32 waitingPeriod;
    uint32 claimGracePeriod;
    PayoutRule payoutRule;
    string termsURI;
}

/// @notice What governance sets for the pool. Every value is a whole number of millionths (a multiple of
/// 1e12 in WAD), the precision the manager stores them in; finer values revert with `ParameterTooPrecise`.
/// @param leverageWad Most active cover per unit of capital (WAD; 2e18 == cover up to 2x capital).
/// @param curve The utilization curve that lifts every product's base rate.
struct PoolParams {
    uint64 leverageWad;
    UtilizationCurve curve;
}

/// @notice A purchase.
/// @dev The field order sets `buyCover`'s selector (0x065516b4). Under via-IR the dispatcher compares
/// the selector against every function's in ascending order, about 22 gas each; with `riskKey` first
/// `buyCover` is the fourth comparison instead of the 51st (~1,000 gas less per purchase). Callers
/// pass the struct by field names (viem, Solidity named arguments), so the order is otherwise free.
/// @param riskKey Zero for a product-wide risk; otherwise the hash naming the insured risk (for
/// example keccak256 of a flight number and date, or of a region and peril).
/// @param productId The product to buy.
/// @param amount Cover amount in asset units: the most the cover pays in total.
/// @param period Cover period in seconds, starting now.
/// @param maxPremium Revert if the premium would be higher.
/// @param recipient Receives the cover NFT, and so every payout.
struct BuyCoverParams {
    bytes32 riskKey;
    uint256 productId;
    uint256 amount;
    uint256 period;
    uint256 maxPremium;
    address recipient;
}

/// @notice Everything a CoverManager and its CoverPool are deployed with.
/// @param asset The pool's asset (for example USDC).
/// @param poolName ERC-20 name of the pool's shares.
/// @param poolSymbol ERC-20 symbol of the pool's shares.
/// @param admin DEFAULT_ADMIN_ROLE of both contracts (the governance timelock once it exists).
/// @param guardian GUARDIAN_ROLE (zero for none).
/// @param cancelFeeWad Cancellation fee, WAD of the unearned premium.
/// @param guardianPauseLimit Longest guardian pause, seconds.
/// @param pool Leverage and utilization curve.
/// @param cooldown Exit cooldown, seconds.
/// @param window Exit execution window, seconds.
struct CoverManagerConfig {
    address asset;
    string poolName;
    string poolSymbol;
    address admin;
    address guardian;
    uint256 cancelFeeWad;
    uint256 guardianPauseLimit;
    PoolParams pool;
    uint256 cooldown;
    uint256 window;
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
/// @param flags Bit 0: has received a payout. Bit 1: cancelled. Bit 2: a claim on it is open.
/// @param rateScaled The cover's premium stream (asset units x EARN_SCALE per second) until the first
/// expiry-bucket boundary at or after `end`; its unearned premium at time t is
/// `rateScaled x (boundary - t) / EARN_SCALE`.
struct Cover {
    address owner;
    uint32 productId;
    uint32 start;
    uint32 end;
    uint152 amount;
    uint8 flags;
    uint96 rateScaled;
}

/// @title ICoverManager
/// @notice One Bulwark market: a CoverPool (deployed by this contract, one asset) and the products it
/// backs, with their cover NFTs (ERC-721), pricing, premium streaming and the single payout entry
/// point. Each cover is an NFT whose owner receives every payout. Several assets means several
/// managers, each with its own pool.
/// @dev Accounting is O(1) per call: active cover and the premium stream drop when a cover's expiry
/// bucket (per product and day) passes, and the passed buckets are found through a day bitmap and
/// per-day lists, so neither the number of covers, of products, nor the time since the last call
/// makes any call cost more (beyond processing each bucket once).
///
/// Privileged powers. DEFAULT_ADMIN_ROLE (the parameter admin; to be the governance timelock):
/// - set the pool's leverage (<= 10x) and utilization curve (slopes <= 10x);
/// - list products, update their parameters (not their pool), pause or retire them;
/// - set the cancellation fee (<= 25% of the unearned premium) and the guardian's longest pause
///   (<= 14 days);
/// - grant and revoke roles, including which contract is a product's claim route. A claim route can
///   pay a cover only to its owner, only up to its remaining amount and only for an incident while
///   the cover was active and past its waiting period.
/// GUARDIAN_ROLE: pause sales of listed products for at most the guardian pause limit, once per
/// pause (it cannot extend a running pause), and lift such a pause.
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
    /// @notice Governance parameter `name` is not a whole multiple of `unit`, the precision it is
    /// stored in (pool parameters: millionths, 1e12 in WAD).
    error ParameterTooPrecise(string name, uint256 value, uint256 unit);

    // ---------------------------------------------------------------- errors: products and pools

    /// @notice No product has id `productId`.
    error UnknownProduct(uint256 productId);
    /// @notice The product does not sell cover in its current `status`.
    error ProductNotActive(uint256 productId, ProductStatus status);
    /// @notice Sales of `productId` are paused by the guardian until `until`.
    error SalesPaused(uint256 productId, uint256 until);
    /// @notice No more products can be listed (ids are 32-bit).
    error TooManyProducts();

    // ---------------------------------------------------------------- errors: capacity

    /// @notice The purchase would take the pool's active cover past its capacity: `requested` more
    /// cover asked, `available` left (capital x leverage - active cover).
    error PoolCapacityExceeded(uint256 requested, uint256 available);
    /// @notice The purchase would take the product's active cover past its cap: `requested` more
    /// cover asked, `available` left (capital x cap - active cover of the product).
    error ProductCapacityExceeded(uint256 productId, uint256 requested, uint256 available);
    /// @notice The pool's free capital `available` cannot pay `requested`.
    error InsufficientCapital(uint256 requested, uint256 available);

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
    /// @notice A claim on cover `coverId` is open (one at a time; the cover cannot be cancelled meanwhile).
    error ClaimAlreadyOpen(uint256 coverId);
    /// @notice Cover `coverId` has no open claim to close.
    error NoOpenClaim(uint256 coverId);
    /// @notice Claims on cover `coverId` had to be filed by `deadline` (its end plus the claim grace period).
    error ClaimWindowClosed(uint256 coverId, uint256 deadline);
    /// @notice An incident on product `productId` is open: sales, extensions and cancellations wait.
    error IncidentOpen(uint256 productId);
    /// @notice The claim route proved an event for this risk: no more cover is sold for it.
    error RiskClosed(uint256 productId, bytes32 riskKey);
    /// @notice Product `productId` has no open incident to close.
    error NoOpenIncident(uint256 productId);
    /// @notice Cover `coverId` belongs to product `actual`, not `expected`.
    error WrongProduct(uint256 coverId, uint256 expected, uint256 actual);

    // ---------------------------------------------------------------- errors: payouts

    /// @notice `caller` is not the claim route of product `productId`.
    error NotClaimRoute(uint256 productId, address caller);
    /// @notice The incident at `incidentTime` is not inside the cover's `[start, end)`, or is in the future.
    error CoverNotActiveAt(uint256 coverId, uint256 incidentTime, uint256 start, uint256 end);
    /// @notice The incident at `incidentTime` happened before the waiting period ended at `waitingEnds`.
    error InWaitingPeriod(uint256 coverId, uint256 incidentTime, uint256 waitingEnds);
    /// @notice The payout `requested` is above the cover's remaining amount `remaining`.
    error PayoutExceedsCover(uint256 coverId, uint256 requested, uint256 remaining);
    /// @notice The route tried to use, release or close more than it holds: `requested` of `held`.
    error ExceedsRouteHolding(address route, uint256 requested, uint256 held);
    /// @notice Payouts of product `productId` are paused until `until` (type(uint32).max: halted by governance).
    error PayoutsPaused(uint256 productId, uint256 until);
    /// @notice The payout share is zero or above 100% (WAD).
    error InvalidShare(uint256 shareWad);

    // ---------------------------------------------------------------- errors: guardian

    /// @notice A guardian pause of `duration` seconds is longer than the limit `max`.
    error PauseTooLong(uint256 duration, uint256 max);
    /// @notice The guardian cannot extend a pause that lasts until `until`.
    error AlreadyPaused(uint256 productId, uint256 until);
    /// @notice The guardian may pause product `productId` again from `readyAt` (its last pause's end
    /// plus the pause limit), so it cannot chain pauses into an unbounded one.
    error GuardianCooldown(uint256 productId, uint256 readyAt);
    /// @notice Governance halted payouts of product `productId`; only governance lifts that.
    error HaltedByGovernance(uint256 productId);

    // ---------------------------------------------------------------- events

    /// @notice Governance set the pool's leverage and utilization curve.
    event PoolParamsSet(PoolParams params);
    /// @notice Governance listed product `productId`.
    event ProductListed(uint256 indexed productId, ProductParams params);
    /// @notice Governance changed the parameters of product `productId`.
    event ProductUpdated(uint256 indexed productId, ProductParams params);
    /// @notice Governance set the status of product `productId`.
    event ProductStatusSet(uint256 indexed productId, ProductStatus status);
    /// @notice Governance set the cancellation fee (WAD of the unearned premium).
    event CancelFeeSet(uint256 feeWad);
    /// @notice Governance set the guardian's longest pause, in seconds.
    event GuardianPauseLimitSet(uint256 maxDuration);
    /// @notice `by` paused sales of `productId` until `until`.
    event SalesPausedUntil(uint256 indexed productId, uint256 until, address indexed by);
    /// @notice `by` lifted the pause of `productId`.
    event SalesUnpaused(uint256 indexed productId, address indexed by);
    /// @notice Payouts of `productId` pause until `until` (type(uint32).max: halted by governance).
    event PayoutsPausedUntil(uint256 indexed productId, uint256 until, address indexed by);
    /// @notice Payouts of `productId` resume.
    event PayoutsUnpaused(uint256 indexed productId, address indexed by);

    /// @notice Cover `coverId` was bought: `amount` of cover on `productId` for `riskKey`, active
    /// from this block's timestamp to `end`, for `premium`, owned by `owner`. (The ERC-721 `Transfer`
    /// of the same transaction indexes the owner.)
    event CoverBought(
        uint256 indexed coverId,
        uint256 indexed productId,
        address owner,
        bytes32 riskKey,
        uint256 amount,
        uint256 premium,
        uint256 end
    );
    /// @notice Cover `coverId` now ends at `end`; `premium` was paid for the extension.
    event CoverExtended(uint256 indexed coverId, uint256 end, uint256 premium);
    /// @notice Cover `coverId` was cancelled: `refund` sent to its owner, `fee` kept by the pool.
    event CoverCancelled(uint256 indexed coverId, address indexed owner, uint256 refund, uint256 fee);
    /// @notice `route` paid `amount` to `owner` on cover `coverId` for the incident at `incidentTime`.
    event CoverPaid(uint256 indexed coverId, address owner, address route, uint256 amount, uint256 incidentTime);
    /// @notice `route` set aside (`delta` > 0), released or paid out (`delta` < 0) capital for
    /// accepted claims; `reserved` is the route's reservation now.
    event PayoutReserveChanged(address indexed route, int256 delta, uint256 reserved);
    /// @notice `route` opened (`delta` = 1) or closed (`delta` = -1) a claim or incident against the
    /// pool; `openClaims` is the pool's total now. Pool exits wait while it is > 0.
    event ClaimCountChanged(address indexed route, int256 delta, uint256 openClaims);
    /// @notice Open incidents of `productId` changed by `delta` (sales wait while any is open).
    event IncidentCountChanged(uint256 indexed productId, int256 delta, uint256 openIncidents);
    /// @notice The claim route of `productId` closed sales of cover for `riskKey` (an event happened).
    event RiskClosedByRoute(uint256 indexed productId, bytes32 indexed riskKey);

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

    /// @notice What `cancelCover` would pay now and the fee it would keep; reverts with the same error
    /// it would (except for the caller's authorization).
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

    /// @notice The CoverPool this manager deployed and whose capital backs every product here.
    function pool() external view returns (address);

    /// @notice The pool's asset, in which premiums and payouts are paid.
    function asset() external view returns (address);

    /// @notice The pool's leverage and utilization curve.
    function poolParams() external view returns (PoolParams memory);

    /// @notice Active cover backed by the pool now.
    function activeCover() external view returns (uint256);

    /// @notice Premium paid to the pool and not yet earned, rounded up.
    function unearnedPremium() external view returns (uint256);

    /// @notice Capital set aside by claim routes for accepted claims.
    function owedPayouts() external view returns (uint256);

    /// @notice What the pool owes before its depositors: unearned premium plus owed payouts.
    function liabilities() external view returns (uint256);

    /// @notice Capital the pool must keep for its active cover: active cover / leverage, rounded up.
    function requiredCapital() external view returns (uint256);

    /// @notice Claims and incidents open against the pool.
    function openClaims() external view returns (uint256);

    /// @notice Capital reserved by `route` for claims it accepted.
    function reservedBy(address route) external view returns (uint256);

    /// @notice The cancellation fee, WAD of the unearned premium.
    function cancelFeeWad() external view returns (uint256);

    /// @notice The guardian's longest pause, seconds.
    function guardianPauseLimit() external view returns (uint256);

    /// @notice When the guardian's pause of `productId` ends (0 or past: none).
    function productPausedUntil(uint256 productId) external view returns (uint256);

    /// @notice When the pause of `productId`'s payouts ends (0 or past: none; type(uint32).max: halted
    /// by governance until it lifts the halt).
    function productPayoutsPausedUntil(uint256 productId) external view returns (uint256);

    /// @notice Incidents open on `productId` (its sales wait while any is open).
    function productOpenIncidents(uint256 productId) external view returns (uint256);

    // ---------------------------------------------------------------- keepers

    /// @notice Processes the expiry buckets that have passed. Anyone may call it; every other call
    /// does it too, so it only moves the work to a caller of choice.
    function sync() external;

    // ---------------------------------------------------------------- claim routes

    /// @notice Pays `amount` of cover `coverId` to its owner for the incident at `incidentTime`.
    /// @dev Only the product's claim route, and not while the product's payouts are paused. Requires
    /// the cover active at `incidentTime` and past its waiting period, `incidentTime` not in the
    /// future, and `amount` <= the cover's remaining amount (which the payout lowers). With
    /// `fromReserve` the route's reservation pays (it must hold `amount`); otherwise free capital.
    function payout(uint256 coverId, uint256 amount, uint256 incidentTime, bool fromReserve) external;

    /// @notice Pays `shareWad` (WAD, <= 100%) of the remaining amount of cover `coverId`, which must
    /// belong to `productId`, to its owner for the incident at `incidentTime`, from free capital; the
    /// path of accepted incidents and parametric triggers. Same checks as `payout`; a share that
    /// rounds to nothing (a cover already paid in full) pays 0 without reverting, so batches go on.
    /// @return paid The amount paid (rounded down).
    function payoutShare(uint256 coverId, uint256 productId, uint256 shareWad, uint256 incidentTime)
        external
        returns (uint256 paid);

    /// @notice Sets aside `amount` of free capital for claims the route (the claim route of
    /// `productId`) has accepted; it leaves `totalAssets()` at once, so depositors cannot exit with it.
    function reservePayout(uint256 productId, uint256 amount) external;

    /// @notice Returns `amount` of the caller's reservation to free capital.
    function releasePayout(uint256 amount) external;

    /// @notice Opens a claim of `amount` on cover `coverId` filed by `claimant` (its owner or an
    /// address the owner approved) for the incident at `incidentTime`. Only the product's claim route.
    /// Checks what the payout will check (active at `incidentTime`, past the waiting period, amount <=
    /// remaining) and that the claim is filed by the cover's end plus the claim grace period; one open
    /// claim per cover. Pool exits and the cover's cancellation wait until `closeClaim`.
    /// @return owner The cover's owner.
    /// @return productId The cover's product.
    function openClaim(uint256 coverId, address claimant, uint256 incidentTime, uint256 amount)
        external
        returns (address owner, uint256 productId);

    /// @notice Closes the open claim on cover `coverId`. Only the product's claim route.
    function closeClaim(uint256 coverId) external;

    /// @notice Opens an incident on `productId`: its sales, extensions and cancellations and the
    /// pool's exits wait until `closeIncident`. Only the product's claim route.
    function openIncident(uint256 productId) external;

    /// @notice Closes an incident on `productId`. Only the product's claim route.
    function closeIncident(uint256 productId) external;

    /// @notice Stops sales of cover for `riskKey` on `productId` for good (a per-risk event, such as
    /// one flight's delay, was proven). Only the product's claim route.
    function closeRisk(uint256 productId, bytes32 riskKey) external;

    // ---------------------------------------------------------------- governance

    /// @notice Sets the pool's leverage and utilization curve.
    function setPoolParams(PoolParams calldata params) external;

    /// @notice Lists a product; returns its id. It starts `Active`.
    function listProduct(ProductParams calldata params) external returns (uint256 productId);

    /// @notice Replaces the parameters of product `productId`.
    function updateProduct(uint256 productId, ProductParams calldata params) external;

    /// @notice Sets the status of product `productId`.
    function setProductStatus(uint256 productId, ProductStatus status) external;

    /// @notice Sets the cancellation fee (WAD of the unearned premium, <= 25%).
    function setCancelFee(uint256 feeWad) external;

    /// @notice Sets the guardian's longest pause (seconds, <= 14 days).
    function setGuardianPauseLimit(uint256 maxDuration) external;

    // ---------------------------------------------------------------- guardian

    /// @notice Pauses sales of each of `productIds` for `duration` seconds (<= the guardian pause
    /// limit). GUARDIAN_ROLE only; a running pause cannot be extended, and a new pause may start only
    /// once the pause limit has passed since the last one ended. Governance pauses without a time
    /// limit through `setProductStatus`, which the guardian cannot lift.
    function pauseSales(uint256[] calldata productIds, uint256 duration) external;

    /// @notice Lifts the guardian pause of each of `productIds`. GUARDIAN_ROLE or DEFAULT_ADMIN_ROLE.
    /// The guardian's cooldown still runs from the time the pause is lifted.
    function unpauseSales(uint256[] calldata productIds) external;

    /// @notice Pauses payouts of each of `productIds` for `duration` seconds (<= the guardian pause
    /// limit). GUARDIAN_ROLE only; a running pause cannot be extended, and a new pause may start only
    /// once the pause limit has passed since the last one ended. The guardian moves no funds.
    function pausePayouts(uint256[] calldata productIds, uint256 duration) external;

    /// @notice Lifts a guardian pause of payouts. GUARDIAN_ROLE or DEFAULT_ADMIN_ROLE; a governance
    /// halt only through `setPayoutsHalted`.
    function unpausePayouts(uint256[] calldata productIds) external;

    /// @notice Halts (until lifted) or resumes payouts of each of `productIds`. DEFAULT_ADMIN_ROLE only.
    function setPayoutsHalted(uint256[] calldata productIds, bool halted) external;
}
