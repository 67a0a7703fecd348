// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {
    ICoverManager,
    BuyCoverParams,
    Cover,
    PermitSignature,
    PoolParams,
    ProductParams,
    ProductStatus
} from "../interfaces/ICoverManager.sol";
import {ICoverPool} from "../interfaces/ICoverPool.sol";
import {PricingLib} from "../libraries/PricingLib.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {ParamsLib} from "../libraries/ParamsLib.sol";
import {BUCKET, EARN_SCALE, NO_EXPIRY, WAD} from "../libraries/Constants.sol";
import {CoverNFT} from "./CoverNFT.sol";
import {RiskLedger} from "./RiskLedger.sol";

/// @title CoverManager
/// @notice Sells, extends, cancels and pays Bulwark covers; see ICoverManager for the specification.
contract CoverManager is ICoverManager, CoverNFT, RiskLedger, AccessControl, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SafeERC20 for IERC20;

    /// @notice May pause sales for a bounded time; see `pauseSales`.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    uint8 internal constant FLAG_PAID = 1;
    uint8 internal constant FLAG_CANCELLED = 2;

    /// @dev One slot, read and written by every purchase.
    struct Globals {
        uint64 nextCoverId;
        uint40 salesPausedUntil;
        uint64 cancelFeeWad;
        uint32 guardianPauseLimit;
    }

    Globals internal _globals;
    uint256 internal _productCount;
    mapping(uint256 coverId => Cover) internal _covers;
    mapping(uint256 coverId => bytes32) internal _riskKeys;
    mapping(address route => mapping(address pool => uint256)) internal _reservedBy;
    mapping(address route => mapping(address pool => uint256)) internal _openClaimsBy;

    /// @param admin Parameter admin (DEFAULT_ADMIN_ROLE), to be handed to the governance timelock.
    /// @param guardian Holder of GUARDIAN_ROLE (may be zero for none).
    constructor(address admin, address guardian, uint256 cancelFeeWad_, uint256 guardianPauseLimit_) {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        _globals.nextCoverId = 1;
        _setCancelFee(cancelFeeWad_);
        _setGuardianPauseLimit(guardianPauseLimit_);
    }

    // ================================================================ cover holders

    /// @inheritdoc ICoverManager
    function buyCover(BuyCoverParams calldata params)
        external
        nonReentrant
        returns (uint256 coverId, uint256 premium)
    {
        return _buyCover(params);
    }

    /// @inheritdoc ICoverManager
    function buyCoverWithPermit(BuyCoverParams calldata params, PermitSignature calldata permit)
        external
        nonReentrant
        returns (uint256 coverId, uint256 premium)
    {
        address asset = _pools[_listedProduct(params.productId).pool].asset;
        // A front-run permit has already set the allowance; the transfer below fails if it is short.
        try IERC20Permit(asset).permit(
            msg.sender, address(this), permit.value, permit.deadline, permit.v, permit.r, permit.s
        ) {} catch {}
        return _buyCover(params);
    }

    function _buyCover(BuyCoverParams calldata params) internal returns (uint256 coverId, uint256 premium) {
        ProductState storage p = _listedProduct(params.productId);
        address pool = p.pool;
        PoolState storage ps = _pools[pool];
        PoolLedgerMem memory l = _syncPool(ps);
        ProductLedgerMem memory pl = _syncProduct(p);
        Globals memory g = _globals;
        premium = _quotePurchase(p, params.productId, pool, ps, l, pl, g, params.amount, params.period);
        if (premium > params.maxPremium) revert PremiumAboveMax(premium, params.maxPremium);
        if (params.recipient == address(0)) revert ERC721InvalidReceiver(address(0));

        uint256 end = block.timestamp + params.period;
        uint256 day = end.divUp(BUCKET);
        uint256 streamLength = day * BUCKET - block.timestamp;
        uint256 rateScaled = premium.mulDivUp(EARN_SCALE, streamLength);

        l.activeCover += params.amount;
        l.unearnedScaled += rateScaled * streamLength;
        l.rateScaled += rateScaled;
        pl.activeCover += params.amount;
        _addExpiry(ps, l, p, pl, day, params.amount, rateScaled);
        _storePool(ps, l);
        _storeProduct(p, pl);

        coverId = g.nextCoverId;
        _globals.nextCoverId = uint64(coverId + 1); // 2^64 purchases cannot happen
        // Casts: amount <= maxCoverAmount (uint112); the premium fits uint96 or the stream would not
        // have fitted its slot; timestamps fit uint32 until 2106.
        _covers[coverId] = Cover({
            owner: params.recipient,
            productId: uint32(params.productId),
            start: uint32(block.timestamp),
            end: uint32(end),
            amount: uint120(params.amount),
            flags: 0,
            premium: uint96(premium),
            termStart: uint32(block.timestamp)
        });
        if (params.riskKey != bytes32(0)) _riskKeys[coverId] = params.riskKey;
        _mintTo(params.recipient, coverId);
        emit CoverBought(
            coverId,
            params.productId,
            params.recipient,
            params.riskKey,
            params.amount,
            premium,
            block.timestamp,
            end
        );

        IERC20(ps.asset).safeTransferFrom(msg.sender, pool, premium);
    }

    /// @inheritdoc ICoverManager
    function extendCover(uint256 coverId, uint256 extraPeriod, uint256 maxPremium)
        external
        nonReentrant
        returns (uint256 premium)
    {
        Cover memory c = _coverForOwner(coverId);
        ProductState storage p = _products[c.productId];
        address pool = p.pool;
        PoolState storage ps = _pools[pool];
        PoolLedgerMem memory l = _syncPool(ps);
        ProductLedgerMem memory pl = _syncProduct(p);
        premium = _quoteExtension(coverId, c, p, pool, ps, l, pl, extraPeriod);
        if (premium > maxPremium) revert PremiumAboveMax(premium, maxPremium);

        // Re-stream the cover: its unearned premium plus the extension premium, from now to the new end.
        (uint256 oldDay, uint256 oldRate, uint256 oldUnearnedScaled) = _stream(c);
        uint256 end = c.end + extraPeriod;
        uint256 day = end.divUp(BUCKET);
        uint256 streamLength = day * BUCKET - block.timestamp;
        uint256 termPremium = oldUnearnedScaled.divUp(EARN_SCALE) + premium;
        uint256 rateScaled = termPremium.mulDivUp(EARN_SCALE, streamLength);

        l.unearnedScaled = l.unearnedScaled - oldUnearnedScaled + rateScaled * streamLength;
        l.rateScaled = l.rateScaled - oldRate + rateScaled;
        _removeExpiry(ps, p, oldDay, c.amount, oldRate);
        _addExpiry(ps, l, p, pl, day, c.amount, rateScaled);
        _storePool(ps, l);
        _storeProduct(p, pl);

        Cover storage stored = _covers[coverId];
        stored.end = uint32(end); // end - now <= maxPeriod (3 years)
        stored.premium = uint96(termPremium); // its stream fitted the pool's uint120 slot
        stored.termStart = uint32(block.timestamp);
        emit CoverExtended(coverId, end, premium);

        IERC20(ps.asset).safeTransferFrom(msg.sender, pool, premium);
    }

    /// @inheritdoc ICoverManager
    function cancelCover(uint256 coverId, uint256 minRefund) external nonReentrant returns (uint256 refund) {
        Cover memory c = _coverForOwner(coverId);
        ProductState storage p = _products[c.productId];
        address pool = p.pool;
        PoolState storage ps = _pools[pool];
        if (ps.openClaims != 0) revert ClaimsOpen(pool, ps.openClaims);
        PoolLedgerMem memory l = _syncPool(ps);
        ProductLedgerMem memory pl = _syncProduct(p);

        (uint256 day, uint256 rateScaled, uint256 unearnedScaled) = _stream(c);
        uint256 fee;
        (refund, fee) = _cancelAmounts(unearnedScaled);
        if (refund < minRefund) revert RefundBelowMin(refund, minRefund);

        l.unearnedScaled -= unearnedScaled;
        l.rateScaled -= rateScaled;
        l.activeCover -= c.amount;
        pl.activeCover -= c.amount;
        _removeExpiry(ps, p, day, c.amount, rateScaled);
        _storePool(ps, l);
        _storeProduct(p, pl);

        Cover storage stored = _covers[coverId];
        stored.end = uint32(block.timestamp);
        stored.flags = c.flags | FLAG_CANCELLED;
        _burn(c.owner, coverId);
        emit CoverCancelled(coverId, c.owner, refund, fee);

        // The refund leaves the unearned premium, never the depositors' capital.
        if (refund != 0) ICoverPool(pool).transferOut(c.owner, refund);
    }

    // ================================================================ claim routes

    /// @inheritdoc ICoverManager
    function payout(uint256 coverId, uint256 amount, uint256 incidentTime) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Cover memory c = _covers[coverId];
        if (c.start == 0) revert UnknownCover(coverId);
        ProductState storage p = _products[c.productId];
        if (msg.sender != p.claimRoute) revert NotClaimRoute(c.productId, msg.sender);
        if (c.owner == address(0)) revert CoverIsCancelled(coverId);
        if (incidentTime < c.start || incidentTime >= c.end || incidentTime > block.timestamp) {
            revert CoverNotActiveAt(coverId, incidentTime, c.start, c.end);
        }
        uint256 waitingEnds = c.start + p.waitingPeriod;
        if (incidentTime < waitingEnds) revert InWaitingPeriod(coverId, incidentTime, waitingEnds);
        if (amount > c.amount) revert PayoutExceedsCover(coverId, amount, c.amount);

        address pool = p.pool;
        PoolState storage ps = _pools[pool];
        uint256 reserved = _reservedBy[msg.sender][pool];
        uint256 fromReserve = amount < reserved ? amount : reserved;
        if (amount > fromReserve) {
            uint256 available = _capital(pool, ps, _previewPool(ps));
            if (amount - fromReserve > available) revert InsufficientCapital(pool, amount - fromReserve, available);
        }

        if (fromReserve != 0) {
            _reservedBy[msg.sender][pool] = reserved - fromReserve;
            PoolLedgerMem memory l = _syncPool(ps);
            l.owed -= fromReserve;
            _storePool(ps, l);
        }
        Cover storage stored = _covers[coverId];
        stored.amount = uint120(c.amount - amount);
        stored.flags = c.flags | FLAG_PAID;
        emit CoverPaid(coverId, c.owner, msg.sender, amount, incidentTime);

        ICoverPool(pool).transferOut(c.owner, amount);
    }

    /// @inheritdoc ICoverManager
    function reservePayout(uint256 productId, uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        (address pool, PoolState storage ps) = _routePool(productId);
        PoolLedgerMem memory l = _syncPool(ps);
        uint256 available = _capital(pool, ps, l);
        if (amount > available) revert InsufficientCapital(pool, amount, available);
        l.owed += amount;
        _storePool(ps, l);
        uint256 reserved = _reservedBy[msg.sender][pool] + amount;
        _reservedBy[msg.sender][pool] = reserved;
        emit PayoutReserveChanged(msg.sender, pool, int256(amount), reserved);
    }

    /// @inheritdoc ICoverManager
    function releasePayout(uint256 productId, uint256 amount) external nonReentrant {
        (address pool, PoolState storage ps) = _routePool(productId);
        uint256 reserved = _reservedBy[msg.sender][pool];
        if (amount > reserved) revert ExceedsRouteHolding(msg.sender, pool, amount, reserved);
        PoolLedgerMem memory l = _syncPool(ps);
        l.owed -= amount;
        _storePool(ps, l);
        _reservedBy[msg.sender][pool] = reserved - amount;
        emit PayoutReserveChanged(msg.sender, pool, -int256(amount), reserved - amount);
    }

    /// @inheritdoc ICoverManager
    function openClaim(uint256 productId) external {
        (address pool, PoolState storage ps) = _routePool(productId);
        ++_openClaimsBy[msg.sender][pool];
        uint256 open = ++ps.openClaims;
        emit ClaimCountChanged(msg.sender, pool, 1, open);
    }

    /// @inheritdoc ICoverManager
    function closeClaim(uint256 productId) external {
        (address pool, PoolState storage ps) = _routePool(productId);
        uint256 held = _openClaimsBy[msg.sender][pool];
        if (held == 0) revert ExceedsRouteHolding(msg.sender, pool, 1, 0);
        _openClaimsBy[msg.sender][pool] = held - 1;
        uint256 open = --ps.openClaims;
        emit ClaimCountChanged(msg.sender, pool, -1, open);
    }

    // ================================================================ keepers

    /// @inheritdoc ICoverManager
    function syncPool(address pool) external {
        PoolState storage ps = _listedPool(pool);
        _storePool(ps, _syncPool(ps));
    }

    // ================================================================ quotes and views

    /// @inheritdoc ICoverManager
    function quote(uint256 productId, uint256 amount, uint256 period) external view returns (uint256) {
        ProductState storage p = _listedProduct(productId);
        PoolState storage ps = _pools[p.pool];
        return _quotePurchase(
            p, productId, p.pool, ps, _previewPool(ps), _previewProduct(p), _globals, amount, period
        );
    }

    /// @inheritdoc ICoverManager
    function quoteExtend(uint256 coverId, uint256 extraPeriod) external view returns (uint256) {
        Cover memory c = _liveCover(coverId);
        ProductState storage p = _products[c.productId];
        PoolState storage ps = _pools[p.pool];
        return _quoteExtension(coverId, c, p, p.pool, ps, _previewPool(ps), _previewProduct(p), extraPeriod);
    }

    /// @inheritdoc ICoverManager
    function quoteCancel(uint256 coverId) external view returns (uint256 refund, uint256 fee) {
        (,, uint256 unearnedScaled) = _stream(_liveCover(coverId));
        return _cancelAmounts(unearnedScaled);
    }

    /// @inheritdoc ICoverManager
    function isActive(uint256 coverId, uint256 timestamp) external view returns (bool) {
        Cover storage c = _covers[coverId];
        return c.start != 0 && c.start <= timestamp && timestamp < c.end;
    }

    /// @inheritdoc ICoverManager
    function cover(uint256 coverId) external view returns (Cover memory) {
        return _covers[coverId];
    }

    /// @inheritdoc ICoverManager
    function riskKeyOf(uint256 coverId) external view returns (bytes32) {
        return _riskKeys[coverId];
    }

    /// @inheritdoc ICoverManager
    function product(uint256 productId) external view returns (ProductParams memory) {
        ProductState storage p = _products[productId];
        if (p.status == ProductStatus.Unlisted) revert UnknownProduct(productId);
        return ParamsLib.toParams(p);
    }

    /// @inheritdoc ICoverManager
    function productStatus(uint256 productId) external view returns (ProductStatus) {
        return _products[productId].status;
    }

    /// @inheritdoc ICoverManager
    function productCount() external view returns (uint256) {
        return _productCount;
    }

    /// @inheritdoc ICoverManager
    function productActiveCover(uint256 productId) external view returns (uint256) {
        return _previewProduct(_products[productId]).activeCover;
    }

    /// @inheritdoc ICoverManager
    function poolParams(address pool) external view returns (PoolParams memory) {
        PoolState storage ps = _listedPool(pool);
        return PoolParams(ps.leverageWad, ps.curve);
    }

    /// @inheritdoc ICoverManager
    function activeCover(address pool) external view returns (uint256) {
        return _previewPool(_pools[pool]).activeCover;
    }

    /// @inheritdoc ICoverManager
    function unearnedPremium(address pool) external view returns (uint256) {
        return _previewPool(_pools[pool]).unearnedScaled.divUp(EARN_SCALE);
    }

    /// @inheritdoc ICoverManager
    function owedPayouts(address pool) external view returns (uint256) {
        return _pools[pool].ledger.owed;
    }

    /// @inheritdoc ICoverManager
    function liabilities(address pool) external view returns (uint256) {
        return _liabilities(_previewPool(_pools[pool]));
    }

    /// @inheritdoc ICoverManager
    function requiredCapital(address pool) external view returns (uint256) {
        PoolState storage ps = _pools[pool];
        if (ps.leverageWad == 0) return 0;
        return _previewPool(ps).activeCover.mulDivUp(WAD, ps.leverageWad);
    }

    /// @inheritdoc ICoverManager
    function openClaims(address pool) external view returns (uint256) {
        return _pools[pool].openClaims;
    }

    /// @inheritdoc ICoverManager
    function cancelFeeWad() external view returns (uint256) {
        return _globals.cancelFeeWad;
    }

    /// @inheritdoc ICoverManager
    function salesPausedUntil() external view returns (uint256) {
        return _globals.salesPausedUntil;
    }

    /// @inheritdoc ICoverManager
    function productPausedUntil(uint256 productId) external view returns (uint256) {
        return _products[productId].ledger.pausedUntil;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(CoverNFT, AccessControl, IERC165) returns (bool) {
        return CoverNFT.supportsInterface(interfaceId) || AccessControl.supportsInterface(interfaceId);
    }

    // ================================================================ governance

    /// @inheritdoc ICoverManager
    function listPool(address pool, PoolParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (pool == address(0)) revert ZeroAddress();
        PoolState storage ps = _pools[pool];
        if (ps.listed) revert PoolAlreadyListed(pool);
        address poolManager = ICoverPool(pool).manager();
        if (poolManager != address(this)) revert PoolManagerMismatch(pool, poolManager);
        ParamsLib.validatePool(params);
        address asset = IERC4626(pool).asset();
        ps.asset = asset;
        ps.listed = true;
        ps.leverageWad = params.leverageWad;
        ps.curve = params.curve;
        ps.ledger.nextExpiryDay = NO_EXPIRY;
        ps.ledger.lastUpdate = uint32(block.timestamp);
        emit PoolListed(pool, asset, params);
    }

    /// @inheritdoc ICoverManager
    function setPoolParams(address pool, PoolParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        PoolState storage ps = _listedPool(pool);
        ParamsLib.validatePool(params);
        ps.leverageWad = params.leverageWad;
        ps.curve = params.curve;
        emit PoolParamsSet(pool, params);
    }

    /// @inheritdoc ICoverManager
    function listProduct(ProductParams calldata params)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 productId)
    {
        _listedPool(params.pool);
        productId = ++_productCount;
        ProductState storage p = _products[productId];
        ParamsLib.store(p, params);
        p.status = ProductStatus.Active;
        p.ledger.nextExpiryDay = NO_EXPIRY;
        emit ProductListed(productId, params.pool, params);
    }

    /// @inheritdoc ICoverManager
    function updateProduct(uint256 productId, ProductParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        ProductState storage p = _listedProduct(productId);
        if (params.pool != p.pool) revert PoolImmutable(productId, p.pool);
        ParamsLib.store(p, params);
        emit ProductUpdated(productId, params);
    }

    /// @inheritdoc ICoverManager
    function setProductStatus(uint256 productId, ProductStatus status) external onlyRole(DEFAULT_ADMIN_ROLE) {
        ProductState storage p = _listedProduct(productId);
        if (status == ProductStatus.Unlisted) revert ParameterOutOfRange("status", uint256(status), 1, 3);
        p.status = status;
        emit ProductStatusSet(productId, status);
    }

    /// @inheritdoc ICoverManager
    function setCancelFee(uint256 feeWad) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setCancelFee(feeWad);
    }

    /// @inheritdoc ICoverManager
    function setGuardianPauseLimit(uint256 maxDuration) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setGuardianPauseLimit(maxDuration);
    }

    /// @notice Sets the base of every cover's `tokenURI` (the cover id is appended). DEFAULT_ADMIN_ROLE only.
    function setBaseTokenURI(string calldata baseURI) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _baseTokenURI = baseURI;
    }

    // ================================================================ guardian

    /// @inheritdoc ICoverManager
    function pauseSales(uint256 productId, uint256 duration) external onlyRole(GUARDIAN_ROLE) {
        Globals memory g = _globals;
        if (duration == 0) revert ZeroAmount();
        if (duration > g.guardianPauseLimit) revert PauseTooLong(duration, g.guardianPauseLimit);
        uint256 until = block.timestamp + duration;
        if (productId == 0) {
            if (g.salesPausedUntil > block.timestamp) revert AlreadyPaused(0, g.salesPausedUntil);
            _globals.salesPausedUntil = uint40(until);
        } else {
            ProductState storage p = _listedProduct(productId);
            if (p.ledger.pausedUntil > block.timestamp) revert AlreadyPaused(productId, p.ledger.pausedUntil);
            p.ledger.pausedUntil = uint40(until);
        }
        emit SalesPausedUntil(productId, until, msg.sender);
    }

    /// @inheritdoc ICoverManager
    function unpauseSales(uint256 productId) external {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
        if (productId == 0) _globals.salesPausedUntil = 0;
        else _listedProduct(productId).ledger.pausedUntil = 0;
        emit SalesUnpaused(productId, msg.sender);
    }

    // ================================================================ internal

    /// @dev Validates a purchase against product, pauses and capacity, and prices it.
    function _quotePurchase(
        ProductState storage p,
        uint256 productId,
        address pool,
        PoolState storage ps,
        PoolLedgerMem memory l,
        ProductLedgerMem memory pl,
        Globals memory g,
        uint256 amount,
        uint256 period
    ) internal view returns (uint256) {
        _checkSelling(p, productId, pl, g);
        if (amount == 0) revert ZeroAmount();
        if (amount > p.maxCoverAmount) revert CoverAmountTooLarge(productId, amount, p.maxCoverAmount);
        if (period < p.minPeriod || period > p.maxPeriod) {
            revert PeriodOutOfRange(productId, period, p.minPeriod, p.maxPeriod);
        }
        uint256 capacity = _checkCapacity(p, productId, pool, ps, l, pl, amount, 0);
        return PricingLib.purchasePremium(amount, p.baseRateWad, period, l.activeCover, capacity, ps.curve);
    }

    /// @dev Validates an extension (a sale of more time for cover already counted) and prices it.
    function _quoteExtension(
        uint256 coverId,
        Cover memory c,
        ProductState storage p,
        address pool,
        PoolState storage ps,
        PoolLedgerMem memory l,
        ProductLedgerMem memory pl,
        uint256 extraPeriod
    ) internal view returns (uint256) {
        _checkSelling(p, c.productId, pl, _globals);
        if (extraPeriod == 0) revert ZeroAmount();
        if (c.flags & FLAG_PAID != 0) revert CoverHasPayouts(coverId);
        uint256 remaining = c.end + extraPeriod - block.timestamp;
        if (remaining > p.maxPeriod) revert PeriodOutOfRange(c.productId, remaining, p.minPeriod, p.maxPeriod);
        // The cover must still fit the capacity as if it were bought now.
        uint256 capacity = _checkCapacity(p, c.productId, pool, ps, l, pl, c.amount, c.amount);
        return PricingLib.extensionPremium(c.amount, p.baseRateWad, extraPeriod, l.activeCover, capacity, ps.curve);
    }

    function _checkSelling(ProductState storage p, uint256 productId, ProductLedgerMem memory pl, Globals memory g)
        internal
        view
    {
        ProductStatus status = p.status;
        if (status != ProductStatus.Active) revert ProductNotActive(productId, status);
        if (g.salesPausedUntil > block.timestamp) revert SalesPaused(0, g.salesPausedUntil);
        if (pl.pausedUntil > block.timestamp) revert SalesPaused(productId, pl.pausedUntil);
    }

    /// @dev Reverts unless `amount` more cover (of which `counted` is already active) fits both the
    /// pool's and the product's capacity; returns the pool's capacity (capital x leverage).
    function _checkCapacity(
        ProductState storage p,
        uint256 productId,
        address pool,
        PoolState storage ps,
        PoolLedgerMem memory l,
        ProductLedgerMem memory pl,
        uint256 amount,
        uint256 counted
    ) internal view returns (uint256 capacity) {
        uint256 capital = _capital(pool, ps, l);
        capacity = capital.wMulDown(ps.leverageWad);
        uint256 available = capacity.zeroFloorSub(l.activeCover - counted);
        if (amount > available) revert PoolCapacityExceeded(pool, amount, available);
        available = capital.wMulDown(p.capWad).zeroFloorSub(pl.activeCover - counted);
        if (amount > available) revert ProductCapacityExceeded(productId, amount, available);
    }

    /// @dev The pool's capital: its asset balance minus its liabilities (never negative).
    function _capital(address pool, PoolState storage ps, PoolLedgerMem memory l) internal view returns (uint256) {
        return IERC20(ps.asset).balanceOf(pool).zeroFloorSub(_liabilities(l));
    }

    /// @dev The cover's premium stream: its expiry day, its rate and its unearned part now.
    function _stream(Cover memory c)
        internal
        view
        returns (uint256 day, uint256 rateScaled, uint256 unearnedScaled)
    {
        day = uint256(c.end).divUp(BUCKET);
        uint256 streamEnd = day * BUCKET;
        rateScaled = uint256(c.premium).mulDivUp(EARN_SCALE, streamEnd - c.termStart);
        unearnedScaled = rateScaled * (streamEnd - block.timestamp);
    }

    /// @dev Refund and fee of a cancellation: the unearned premium rounded down, the fee rounded up.
    function _cancelAmounts(uint256 unearnedScaled) internal view returns (uint256 refund, uint256 fee) {
        uint256 unearned = unearnedScaled / EARN_SCALE;
        fee = unearned.wMulUp(_globals.cancelFeeWad);
        refund = unearned - fee;
    }

    /// @dev A live cover (not cancelled, not ended) that the caller may manage.
    function _coverForOwner(uint256 coverId) internal view returns (Cover memory c) {
        c = _liveCover(coverId);
        if (!_isAuthorized(c.owner, msg.sender, coverId)) revert NotCoverOwner(coverId, msg.sender);
    }

    function _liveCover(uint256 coverId) internal view returns (Cover memory c) {
        c = _covers[coverId];
        if (c.start == 0) revert UnknownCover(coverId);
        if (c.owner == address(0)) revert CoverIsCancelled(coverId);
        if (c.end <= block.timestamp) revert CoverExpired(coverId, c.end);
    }

    function _listedProduct(uint256 productId) internal view returns (ProductState storage p) {
        p = _products[productId];
        if (p.status == ProductStatus.Unlisted) revert UnknownProduct(productId);
    }

    function _listedPool(address pool) internal view returns (PoolState storage ps) {
        ps = _pools[pool];
        if (!ps.listed) revert UnknownPool(pool);
    }

    /// @dev The pool of `productId`, when the caller is its claim route.
    function _routePool(uint256 productId) internal view returns (address pool, PoolState storage ps) {
        ProductState storage p = _listedProduct(productId);
        if (msg.sender != p.claimRoute) revert NotClaimRoute(productId, msg.sender);
        pool = p.pool;
        ps = _pools[pool];
    }

    function _setCancelFee(uint256 feeWad) internal {
        ParamsLib.checkRange("cancelFeeWad", feeWad, 0, ParamsLib.MAX_CANCEL_FEE);
        _globals.cancelFeeWad = uint64(feeWad);
        emit CancelFeeSet(feeWad);
    }

    function _setGuardianPauseLimit(uint256 maxDuration) internal {
        ParamsLib.checkRange("guardianPauseLimit", maxDuration, 0, ParamsLib.MAX_PAUSE);
        _globals.guardianPauseLimit = uint32(maxDuration);
        emit GuardianPauseLimitSet(maxDuration);
    }

    /// @dev CoverNFT: the owner lives in the cover's first slot.
    function _ownerOf(uint256 tokenId) internal view override returns (address) {
        return _covers[tokenId].owner;
    }

    function _setOwner(uint256 tokenId, address owner) internal override {
        _covers[tokenId].owner = owner;
    }
}
