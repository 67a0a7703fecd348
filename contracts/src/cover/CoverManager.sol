// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {
    ICoverManager,
    BuyCoverParams,
    Cover,
    CoverManagerConfig,
    PermitSignature,
    PoolParams,
    ProductParams,
    ProductStatus
} from "../interfaces/ICoverManager.sol";
import {CoverPool} from "../pool/CoverPool.sol";
import {PricingLib, UtilizationCurve} from "../libraries/PricingLib.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {ParamsLib} from "../libraries/ParamsLib.sol";
import {BUCKET, EARN_SCALE, NO_EXPIRY, WAD} from "../libraries/Constants.sol";
import {CoverNFT} from "./CoverNFT.sol";
import {RiskLedger} from "./RiskLedger.sol";

/// @title CoverManager
/// @notice Sells, extends, cancels and pays Bulwark covers backed by one CoverPool; see ICoverManager.
contract CoverManager is ICoverManager, CoverNFT, RiskLedger, AccessControl, ReentrancyGuardTransient {
    using MathLib for uint256;
    using SafeCast for uint256;
    using SafeERC20 for IERC20;

    /// @notice May pause sales for a bounded time; see `pauseSales`.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    uint8 internal constant FLAG_PAID = 1;
    uint8 internal constant FLAG_CANCELLED = 2;
    uint8 internal constant FLAG_CLAIM_OPEN = 4;

    IERC20 internal immutable _asset;
    CoverPool internal immutable _pool;

    /// @dev Pool parameters (leverage, kink, slope1, slope2) live in the ledger's first slot, 24 bits
    /// each, in millionths: a purchase reads them with the ledger. Governance sets them in WAD, in
    /// whole multiples of this unit.
    uint256 internal constant CONFIG_UNIT = 1e12;
    uint256 internal constant CONFIG_MASK = 0xffffff;

    uint64 internal _cancelFeeWad;
    uint32 internal _guardianPauseLimit;
    uint32 internal _productCount;
    uint256 internal _openClaims;
    /// @dev Payouts reserved by claim routes (also inside the ledger's liabilities).
    uint256 internal _owedPayouts;
    mapping(uint256 coverId => Cover) internal _covers;
    mapping(uint256 coverId => bytes32) internal _riskKeys;
    /// @dev keccak256(productId, riskKey) of the risks whose sales a claim route closed.
    mapping(bytes32 productRisk => bool) internal _closedRisks;
    mapping(address route => uint256) internal _reserved;

    /// @notice Deploys the manager and its CoverPool.
    constructor(CoverManagerConfig memory config) {
        if (config.admin == address(0) || config.asset == address(0)) revert ZeroAddress();
        _asset = IERC20(config.asset);
        _pool = new CoverPool(
            IERC20Metadata(config.asset), config.poolName, config.poolSymbol, config.admin, config.cooldown, config.window
        );
        _grantRole(DEFAULT_ADMIN_ROLE, config.admin);
        if (config.guardian != address(0)) _grantRole(GUARDIAN_ROLE, config.guardian);
        _setPoolParams(config.pool);
        _setCancelFee(config.cancelFeeWad);
        _setGuardianPauseLimit(config.guardianPauseLimit);
        _ledger.nextExpiryDay = NO_EXPIRY;
        _ledger.nextCoverId = 1;
        _ledger.lastUpdate = uint32(block.timestamp);
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
        // A front-run permit has already set the allowance; the transfer fails if it is short.
        try IERC20Permit(address(_asset)).permit(
            msg.sender, address(this), permit.value, permit.deadline, permit.v, permit.r, permit.s
        ) {} catch {}
        return _buyCover(params);
    }

    function _buyCover(BuyCoverParams calldata params) internal returns (uint256 coverId, uint256 premium) {
        LedgerMem memory l = _sync();
        ProductState storage p = _products[params.productId];
        uint256 rateScaled;
        uint256 day;
        (premium, rateScaled, day) = _quotePurchase(p, params.productId, l, p.activeCover, params.amount, params.period);
        if (premium > params.maxPremium) revert PremiumAboveMax(premium, params.maxPremium);
        if (params.recipient == address(0)) revert ERC721InvalidReceiver(address(0));

        uint256 streamEnd = day * BUCKET;
        unchecked {
            // Each term is below 2^124 (amount and rate < 2^96 as checked above, a stream of at most
            // 3 years and a day); _storeLedger checks every sum against its field.
            l.activeCover += params.amount;
            l.liabilitiesScaled += rateScaled * (streamEnd - block.timestamp);
            l.rateScaled += rateScaled;
            coverId = l.nextCoverId++;
        }
        _addToBucket(l, params.productId, day, params.amount, rateScaled);
        _storeLedger(l);
        p.activeCover += uint96(params.amount); // <= maxCoverAmount above the product's uint96 total

        uint256 end = block.timestamp + params.period;
        // Both words of `Cover` at once (its layout: owner, productId, start, end | amount, flags, rate).
        // The id fits uint32 (listProduct), amount <= maxCoverAmount (uint96), the rate was checked in
        // _quotePurchase and timestamps fit uint32 until 2106; flags start at zero.
        uint256 word0 = uint256(uint160(params.recipient)) | (params.productId << 160) | (block.timestamp << 192)
            | (end << 224);
        uint256 word1 = params.amount | (rateScaled << 160);
        Cover storage stored = _covers[coverId];
        assembly ("memory-safe") {
            sstore(stored.slot, word0)
            sstore(add(stored.slot, 1), word1)
        }
        if (params.riskKey != bytes32(0)) {
            // Only per-risk covers pay for the lookup: a product-wide risk closes through incidents.
            if (_closedRisks[keccak256(abi.encode(params.productId, params.riskKey))]) {
                revert RiskClosed(params.productId, params.riskKey);
            }
            _riskKeys[coverId] = params.riskKey;
        }
        _mintTo(params.recipient, coverId);
        emit CoverBought(coverId, params.productId, params.recipient, params.riskKey, params.amount, premium, end);

        _asset.safeTransferFrom(msg.sender, address(_pool), premium);
    }

    /// @inheritdoc ICoverManager
    function extendCover(uint256 coverId, uint256 extraPeriod, uint256 maxPremium)
        external
        nonReentrant
        returns (uint256 premium)
    {
        Cover memory c = _coverForOwner(coverId);
        LedgerMem memory l = _sync();
        uint256 oldUnearnedScaled;
        uint256 rateScaled;
        uint256 day;
        (premium, oldUnearnedScaled, rateScaled, day) =
            _quoteExtension(coverId, c, l, _products[c.productId].activeCover, extraPeriod);
        if (premium > maxPremium) revert PremiumAboveMax(premium, maxPremium);

        // The cover's unearned premium and the extension premium now stream from now to the new end.
        l.liabilitiesScaled = l.liabilitiesScaled - oldUnearnedScaled + rateScaled * (day * BUCKET - block.timestamp);
        l.rateScaled = l.rateScaled - c.rateScaled + rateScaled;
        _removeFromBucket(c.productId, uint256(c.end).divUp(BUCKET), c.amount, c.rateScaled);
        _addToBucket(l, c.productId, day, c.amount, rateScaled);
        _storeLedger(l);

        uint256 end = c.end + extraPeriod;
        Cover storage stored = _covers[coverId];
        stored.end = uint32(end); // end - now <= maxPeriod
        stored.rateScaled = uint96(rateScaled); // checked in _quoteExtension
        emit CoverExtended(coverId, end, premium);

        _asset.safeTransferFrom(msg.sender, address(_pool), premium);
    }

    /// @inheritdoc ICoverManager
    function cancelCover(uint256 coverId, uint256 minRefund) external nonReentrant returns (uint256 refund) {
        Cover memory c = _coverForOwner(coverId);
        // A paid cover keeps its premium: the payout was bought with it.
        _checkCancellable(coverId, c);
        LedgerMem memory l = _sync();
        uint256 day = uint256(c.end).divUp(BUCKET);
        uint256 unearnedScaled = c.rateScaled * (day * BUCKET - block.timestamp);
        uint256 fee;
        (refund, fee) = _cancelAmounts(unearnedScaled);
        if (refund < minRefund) revert RefundBelowMin(refund, minRefund);

        l.liabilitiesScaled -= unearnedScaled;
        l.rateScaled -= c.rateScaled;
        l.activeCover -= c.amount;
        _removeFromBucket(c.productId, day, c.amount, c.rateScaled);
        _storeLedger(l);
        _products[c.productId].activeCover -= uint96(c.amount);

        Cover storage stored = _covers[coverId];
        stored.end = uint32(block.timestamp);
        stored.flags = c.flags | FLAG_CANCELLED;
        _burn(c.owner, coverId);
        emit CoverCancelled(coverId, c.owner, refund, fee);

        // The refund leaves the unearned premium, never the depositors' capital.
        if (refund != 0) _asset.safeTransferFrom(address(_pool), c.owner, refund);
    }

    // ================================================================ claim routes

    /// @inheritdoc ICoverManager
    function payout(uint256 coverId, uint256 amount, uint256 incidentTime, bool fromReserve) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        Cover memory c = _covers[coverId];
        ProductState storage p = _routedCover(coverId, c);
        _payout(coverId, c, p, amount, incidentTime, fromReserve);
    }

    /// @inheritdoc ICoverManager
    function payoutShare(uint256 coverId, uint256 productId, uint256 shareWad, uint256 incidentTime)
        external
        nonReentrant
        returns (uint256 paid)
    {
        if (shareWad == 0 || shareWad > WAD) revert InvalidShare(shareWad);
        Cover memory c = _covers[coverId];
        ProductState storage p = _routedCover(coverId, c);
        if (c.productId != productId) revert WrongProduct(coverId, productId, c.productId);
        paid = uint256(c.amount).wMulDown(shareWad);
        if (paid == 0) _checkEligible(coverId, c, p, incidentTime, 0);
        else _payout(coverId, c, p, paid, incidentTime, false);
    }

    /// @dev Checks that cover `c` is eligible for `amount` at `incidentTime` and its payouts are not
    /// paused, then pays its owner from the route's reservation or from free capital.
    function _payout(
        uint256 coverId,
        Cover memory c,
        ProductState storage p,
        uint256 amount,
        uint256 incidentTime,
        bool fromReserve
    ) internal {
        uint256 pausedUntil = p.payoutsPausedUntil;
        if (pausedUntil > block.timestamp) revert PayoutsPaused(c.productId, pausedUntil);
        _checkEligible(coverId, c, p, incidentTime, amount);

        if (fromReserve) {
            _releaseReserve(amount);
        } else {
            uint256 available = _asset.balanceOf(address(_pool)).zeroFloorSub(_liabilitiesNow());
            if (amount > available) revert InsufficientCapital(amount, available);
        }

        // Only the cover's second slot changes: amount (bits 0-151), flags (152-159), rate (160-255).
        uint256 word = (uint256(c.amount) - amount) | (uint256(c.flags | FLAG_PAID) << 152)
            | (uint256(c.rateScaled) << 160);
        Cover storage stored = _covers[coverId];
        assembly ("memory-safe") {
            sstore(add(stored.slot, 1), word)
        }
        emit CoverPaid(coverId, c.owner, msg.sender, amount, incidentTime);

        _asset.safeTransferFrom(address(_pool), c.owner, amount);
    }

    /// @inheritdoc ICoverManager
    function reservePayout(uint256 productId, uint256 amount) external nonReentrant {
        _checkRoute(productId);
        if (amount == 0) revert ZeroAmount();
        LedgerMem memory l = _sync();
        uint256 available = _capital(l);
        if (amount > available) revert InsufficientCapital(amount, available);
        l.liabilitiesScaled += amount * EARN_SCALE;
        _storeLedger(l);
        _owedPayouts += amount;
        uint256 reserved = _reserved[msg.sender] + amount;
        _reserved[msg.sender] = reserved;
        emit PayoutReserveChanged(msg.sender, int256(amount), reserved);
    }

    /// @inheritdoc ICoverManager
    function releasePayout(uint256 amount) external nonReentrant {
        _releaseReserve(amount);
    }

    /// @inheritdoc ICoverManager
    function openClaim(uint256 coverId, address claimant, uint256 incidentTime, uint256 amount)
        external
        returns (address owner, uint256 productId)
    {
        if (amount == 0) revert ZeroAmount();
        Cover memory c = _covers[coverId];
        ProductState storage p = _routedCover(coverId, c);
        if (!_isAuthorized(c.owner, claimant, coverId)) revert NotCoverOwner(coverId, claimant);
        if (c.flags & FLAG_CLAIM_OPEN != 0) revert ClaimAlreadyOpen(coverId);
        uint256 deadline = uint256(c.end) + p.claimGracePeriod;
        if (block.timestamp > deadline) revert ClaimWindowClosed(coverId, deadline);
        _checkEligible(coverId, c, p, incidentTime, amount);
        _covers[coverId].flags = c.flags | FLAG_CLAIM_OPEN;
        emit ClaimCountChanged(msg.sender, 1, ++_openClaims);
        return (c.owner, c.productId);
    }

    /// @inheritdoc ICoverManager
    function closeClaim(uint256 coverId) external {
        Cover memory c = _covers[coverId];
        _routedCover(coverId, c);
        if (c.flags & FLAG_CLAIM_OPEN == 0) revert NoOpenClaim(coverId);
        _covers[coverId].flags = c.flags & ~FLAG_CLAIM_OPEN;
        emit ClaimCountChanged(msg.sender, -1, --_openClaims);
    }

    /// @inheritdoc ICoverManager
    function openIncident(uint256 productId) external {
        ProductState storage p = _checkRoute(productId);
        uint256 open = p.openIncidents + 1;
        p.openIncidents = open.toUint16();
        emit IncidentCountChanged(productId, 1, open);
        emit ClaimCountChanged(msg.sender, 1, ++_openClaims);
    }

    /// @inheritdoc ICoverManager
    function closeRisk(uint256 productId, bytes32 riskKey) external {
        _checkRoute(productId);
        _closedRisks[keccak256(abi.encode(productId, riskKey))] = true;
        emit RiskClosedByRoute(productId, riskKey);
    }

    /// @inheritdoc ICoverManager
    function closeIncident(uint256 productId) external {
        ProductState storage p = _checkRoute(productId);
        uint256 open = p.openIncidents;
        if (open == 0) revert NoOpenIncident(productId);
        p.openIncidents = uint16(open - 1);
        emit IncidentCountChanged(productId, -1, open - 1);
        emit ClaimCountChanged(msg.sender, -1, --_openClaims);
    }

    // ================================================================ keepers

    /// @inheritdoc ICoverManager
    function sync() external {
        _storeLedger(_sync());
    }

    // ================================================================ quotes and views

    /// @inheritdoc ICoverManager
    function quote(uint256 productId, uint256 amount, uint256 period) external view returns (uint256 premium) {
        (premium,,) = _quotePurchase(
            _products[productId], productId, _previewLedger(), _previewProductCover(productId), amount, period
        );
    }

    /// @inheritdoc ICoverManager
    function quoteExtend(uint256 coverId, uint256 extraPeriod) external view returns (uint256 premium) {
        Cover memory c = _liveCover(coverId);
        (premium,,,) = _quoteExtension(coverId, c, _previewLedger(), _previewProductCover(c.productId), extraPeriod);
    }

    /// @inheritdoc ICoverManager
    function quoteCancel(uint256 coverId) external view returns (uint256 refund, uint256 fee) {
        Cover memory c = _liveCover(coverId);
        _checkCancellable(coverId, c);
        return _cancelAmounts(c.rateScaled * (uint256(c.end).divUp(BUCKET) * BUCKET - block.timestamp));
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
        return ParamsLib.toParams(_listedProduct(productId));
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
        return _previewProductCover(productId);
    }

    /// @inheritdoc ICoverManager
    function pool() external view returns (address) {
        return address(_pool);
    }

    /// @inheritdoc ICoverManager
    function asset() external view returns (address) {
        return address(_asset);
    }

    /// @inheritdoc ICoverManager
    function poolParams() external view returns (PoolParams memory) {
        uint256 config = _ledger.config;
        return PoolParams(uint64(_leverageWad(config)), _curve(config));
    }

    /// @inheritdoc ICoverManager
    function activeCover() external view returns (uint256) {
        return _previewLedger().activeCover;
    }

    /// @inheritdoc ICoverManager
    function unearnedPremium() external view returns (uint256) {
        return (_previewLedger().liabilitiesScaled - _owedPayouts * EARN_SCALE).divUp(EARN_SCALE);
    }

    /// @inheritdoc ICoverManager
    function owedPayouts() external view returns (uint256) {
        return _owedPayouts;
    }

    /// @inheritdoc ICoverManager
    function liabilities() external view returns (uint256) {
        return _liabilitiesNow();
    }

    /// @inheritdoc ICoverManager
    function requiredCapital() external view returns (uint256) {
        LedgerMem memory l = _previewLedger();
        return l.activeCover.mulDivUp(WAD, _leverageWad(l.config));
    }

    /// @inheritdoc ICoverManager
    function openClaims() external view returns (uint256) {
        return _openClaims;
    }

    /// @inheritdoc ICoverManager
    function reservedBy(address route) external view returns (uint256) {
        return _reserved[route];
    }

    /// @inheritdoc ICoverManager
    function cancelFeeWad() external view returns (uint256) {
        return _cancelFeeWad;
    }

    /// @inheritdoc ICoverManager
    function guardianPauseLimit() external view returns (uint256) {
        return _guardianPauseLimit;
    }

    /// @inheritdoc ICoverManager
    function productPausedUntil(uint256 productId) external view returns (uint256) {
        return _products[productId].pausedUntil;
    }

    /// @inheritdoc ICoverManager
    function productPayoutsPausedUntil(uint256 productId) external view returns (uint256) {
        return _products[productId].payoutsPausedUntil;
    }

    /// @inheritdoc ICoverManager
    function productOpenIncidents(uint256 productId) external view returns (uint256) {
        return _products[productId].openIncidents;
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId)
        public
        view
        override(CoverNFT, AccessControl, IERC165)
        returns (bool)
    {
        return CoverNFT.supportsInterface(interfaceId) || AccessControl.supportsInterface(interfaceId);
    }

    // ================================================================ governance

    /// @inheritdoc ICoverManager
    function setPoolParams(PoolParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setPoolParams(params);
    }

    /// @inheritdoc ICoverManager
    function listProduct(ProductParams calldata params)
        external
        onlyRole(DEFAULT_ADMIN_ROLE)
        returns (uint256 productId)
    {
        if (_productCount == type(uint32).max) revert TooManyProducts();
        productId = ++_productCount;
        ProductState storage p = _products[productId];
        ParamsLib.store(p, params);
        p.status = ProductStatus.Active;
        emit ProductListed(productId, params);
    }

    /// @inheritdoc ICoverManager
    function updateProduct(uint256 productId, ProductParams calldata params) external onlyRole(DEFAULT_ADMIN_ROLE) {
        ParamsLib.store(_listedProduct(productId), params);
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
    function pauseSales(uint256[] calldata productIds, uint256 duration) external onlyRole(GUARDIAN_ROLE) {
        ParamsLib.guardianPause(_products, productIds, duration, _guardianPauseLimit, false);
    }

    /// @inheritdoc ICoverManager
    function unpauseSales(uint256[] calldata productIds) external {
        _checkGuardianOrAdmin();
        ParamsLib.unpause(_products, productIds, false);
    }

    /// @inheritdoc ICoverManager
    function pausePayouts(uint256[] calldata productIds, uint256 duration) external onlyRole(GUARDIAN_ROLE) {
        ParamsLib.guardianPause(_products, productIds, duration, _guardianPauseLimit, true);
    }

    /// @inheritdoc ICoverManager
    function unpausePayouts(uint256[] calldata productIds) external {
        _checkGuardianOrAdmin();
        ParamsLib.unpause(_products, productIds, true);
    }

    /// @inheritdoc ICoverManager
    function setPayoutsHalted(uint256[] calldata productIds, bool halted) external onlyRole(DEFAULT_ADMIN_ROLE) {
        ParamsLib.setPayoutsHalted(_products, productIds, halted);
    }

    function _checkGuardianOrAdmin() internal view {
        if (!hasRole(GUARDIAN_ROLE, msg.sender) && !hasRole(DEFAULT_ADMIN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
    }

    // ================================================================ internal

    /// @dev Validates a purchase against the product, its pause and capacity, and prices it: the
    /// premium charged, the cover's stream rate and its expiry day.
    function _quotePurchase(
        ProductState storage p,
        uint256 productId,
        LedgerMem memory l,
        uint256 productActive,
        uint256 amount,
        uint256 period
    )
        internal
        view
        returns (uint256 premium, uint256 rateScaled, uint256 day)
    {
        _checkSelling(p, productId);
        if (amount == 0) revert ZeroAmount();
        if (amount > p.maxCoverAmount) revert CoverAmountTooLarge(productId, amount, p.maxCoverAmount);
        if (period < p.minPeriod || period > p.maxPeriod) {
            revert PeriodOutOfRange(productId, period, p.minPeriod, p.maxPeriod);
        }
        uint256 capacity = _checkCapacity(p, productId, l, productActive, amount, 0);
        uint256 priced = PricingLib.purchasePremium(
            amount, p.baseRateWad, period, l.activeCover, capacity, _curve(l.config)
        );
        unchecked {
            // period <= MAX_COVER_PERIOD and priced < 2^135 (PricingLib's bounds): nothing here nears 2^256.
            day = (block.timestamp + period + (BUCKET - 1)) / BUCKET;
            uint256 streamLength = day * BUCKET - block.timestamp;
            // A cover whose stream would not fit its uint96 slot reverts with SafeCast's error.
            rateScaled = ((priced * EARN_SCALE + (streamLength - 1)) / streamLength).toUint96();
            // Charge the stream's own total so the unearned premium added never exceeds what is paid.
            premium = (rateScaled * streamLength + (EARN_SCALE - 1)) / EARN_SCALE;
        }
    }

    /// @dev Validates an extension (a sale of more time for cover already counted) and prices it: the
    /// premium charged, the cover's unearned stream now, its new rate and new expiry day.
    function _quoteExtension(
        uint256 coverId,
        Cover memory c,
        LedgerMem memory l,
        uint256 productActive,
        uint256 extraPeriod
    )
        internal
        view
        returns (uint256 premium, uint256 oldUnearnedScaled, uint256 rateScaled, uint256 day)
    {
        ProductState storage p = _products[c.productId];
        _checkSelling(p, c.productId);
        if (extraPeriod == 0) revert ZeroAmount();
        if (c.flags & FLAG_PAID != 0) revert CoverHasPayouts(coverId);
        uint256 end = c.end + extraPeriod;
        if (end - block.timestamp > p.maxPeriod) {
            revert PeriodOutOfRange(c.productId, end - block.timestamp, p.minPeriod, p.maxPeriod);
        }
        // The cover must still fit the capacity as if it were bought now.
        uint256 capacity = _checkCapacity(p, c.productId, l, productActive, c.amount, c.amount);
        uint256 priced = PricingLib.extensionPremium(
            c.amount, p.baseRateWad, extraPeriod, l.activeCover, capacity, _curve(l.config)
        );
        oldUnearnedScaled = c.rateScaled * (uint256(c.end).divUp(BUCKET) * BUCKET - block.timestamp);
        day = end.divUp(BUCKET);
        uint256 streamLength = day * BUCKET - block.timestamp;
        rateScaled = (oldUnearnedScaled + priced * EARN_SCALE).divUp(streamLength).toUint96();
        premium = (rateScaled * streamLength - oldUnearnedScaled).divUp(EARN_SCALE);
    }

    function _checkSelling(ProductState storage p, uint256 productId) internal view {
        ProductStatus status = p.status;
        if (status != ProductStatus.Active) {
            if (status == ProductStatus.Unlisted) revert UnknownProduct(productId);
            revert ProductNotActive(productId, status);
        }
        if (p.openIncidents != 0) revert IncidentOpen(productId);
        uint256 pausedUntil = p.pausedUntil;
        if (pausedUntil > block.timestamp) revert SalesPaused(productId, pausedUntil);
    }

    /// @dev A cover may be cancelled unless it was paid, has a claim open or its product an incident.
    function _checkCancellable(uint256 coverId, Cover memory c) internal view {
        if (c.flags & FLAG_PAID != 0) revert CoverHasPayouts(coverId);
        if (c.flags & FLAG_CLAIM_OPEN != 0) revert ClaimAlreadyOpen(coverId);
        if (_products[c.productId].openIncidents != 0) revert IncidentOpen(c.productId);
    }

    /// @dev The product of existing cover `c`, whose claim route must be the caller.
    function _routedCover(uint256 coverId, Cover memory c) internal view returns (ProductState storage p) {
        if (c.start == 0) revert UnknownCover(coverId);
        p = _products[c.productId];
        if (msg.sender != p.claimRoute) revert NotClaimRoute(c.productId, msg.sender);
    }

    /// @dev Reverts unless live cover `c` was active at `incidentTime` (not in the future), past its
    /// waiting period, and has `amount` left.
    function _checkEligible(
        uint256 coverId,
        Cover memory c,
        ProductState storage p,
        uint256 incidentTime,
        uint256 amount
    ) internal view {
        if (c.owner == address(0)) revert CoverIsCancelled(coverId);
        if (incidentTime < c.start || incidentTime >= c.end || incidentTime > block.timestamp) {
            revert CoverNotActiveAt(coverId, incidentTime, c.start, c.end);
        }
        uint256 waitingEnds = c.start + p.waitingPeriod;
        if (incidentTime < waitingEnds) revert InWaitingPeriod(coverId, incidentTime, waitingEnds);
        if (amount > c.amount) revert PayoutExceedsCover(coverId, amount, c.amount);
    }

    /// @dev Reverts unless `amount` more cover (of which `counted` is already active) fits both the
    /// pool's capacity and the product's (whose active cover, synced or previewed, is
    /// `productActive`); returns the pool's capacity (capital x leverage, at most 2^128 - 1).
    function _checkCapacity(
        ProductState storage p,
        uint256 productId,
        LedgerMem memory l,
        uint256 productActive,
        uint256 amount,
        uint256 counted
    ) internal view returns (uint256 capacity) {
        uint256 capital = _capital(l);
        capacity = capital.wMulDown(_leverageWad(l.config));
        // PricingLib's bound; only a pool of more than 10^37 asset units would reach it.
        if (capacity > type(uint128).max) capacity = type(uint128).max;
        uint256 available = capacity.zeroFloorSub(l.activeCover - counted);
        if (amount > available) revert PoolCapacityExceeded(amount, available);
        available = capital.wMulDown(p.capWad).zeroFloorSub(productActive - counted);
        if (amount > available) revert ProductCapacityExceeded(productId, amount, available);
    }

    /// @dev The pool's capital: its asset balance minus its liabilities (never negative).
    function _capital(LedgerMem memory l) internal view returns (uint256) {
        return _asset.balanceOf(address(_pool)).zeroFloorSub(_liabilities(l));
    }

    function _leverageWad(uint256 config) internal pure returns (uint256) {
        return (config & CONFIG_MASK) * CONFIG_UNIT;
    }

    function _curve(uint256 config) internal pure returns (UtilizationCurve memory) {
        return UtilizationCurve(
            uint64(((config >> 24) & CONFIG_MASK) * CONFIG_UNIT),
            uint64(((config >> 48) & CONFIG_MASK) * CONFIG_UNIT),
            uint64((config >> 72) * CONFIG_UNIT)
        );
    }

    /// @dev Refund and fee of a cancellation: the unearned premium rounded down, the fee rounded up.
    function _cancelAmounts(uint256 unearnedScaled) internal view returns (uint256 refund, uint256 fee) {
        uint256 unearned = unearnedScaled / EARN_SCALE;
        fee = unearned.wMulUp(_cancelFeeWad);
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

    /// @dev Takes `amount` out of the caller's reservation and the pool's owed payouts (for a release,
    /// or for a payout the reservation funds).
    function _releaseReserve(uint256 amount) internal {
        uint256 reserved = _reserved[msg.sender];
        if (amount > reserved) revert ExceedsRouteHolding(msg.sender, amount, reserved);
        LedgerMem memory l = _sync();
        l.liabilitiesScaled -= amount * EARN_SCALE; // owed payouts are part of the liabilities
        _storeLedger(l);
        _owedPayouts -= amount;
        _reserved[msg.sender] = reserved - amount;
        emit PayoutReserveChanged(msg.sender, -int256(amount), reserved - amount);
    }

    /// @dev Reverts unless the caller is the claim route of listed product `productId`.
    function _checkRoute(uint256 productId) internal view returns (ProductState storage p) {
        p = _listedProduct(productId);
        if (msg.sender != p.claimRoute) revert NotClaimRoute(productId, msg.sender);
    }

    function _setPoolParams(PoolParams memory params) internal {
        ParamsLib.validatePool(params, CONFIG_UNIT);
        // Each value is at most 10e18 (validatePool), so fits 24 bits in millionths.
        _ledger.config = uint96(
            params.leverageWad / CONFIG_UNIT | (params.curve.kinkWad / CONFIG_UNIT) << 24
                | (params.curve.slope1Wad / CONFIG_UNIT) << 48 | (params.curve.slope2Wad / CONFIG_UNIT) << 72
        );
        emit PoolParamsSet(params);
    }

    function _setCancelFee(uint256 feeWad) internal {
        ParamsLib.checkRange("cancelFeeWad", feeWad, 0, ParamsLib.MAX_CANCEL_FEE);
        _cancelFeeWad = uint64(feeWad);
        emit CancelFeeSet(feeWad);
    }

    function _setGuardianPauseLimit(uint256 maxDuration) internal {
        ParamsLib.checkRange("guardianPauseLimit", maxDuration, 0, ParamsLib.MAX_PAUSE);
        _guardianPauseLimit = uint32(maxDuration);
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
