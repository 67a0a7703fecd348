// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {CoverManager} from "../../src/cover/CoverManager.sol";
import {CoverPool} from "../../src/pool/CoverPool.sol";
import {MockUSDC} from "../../src/mocks/MockUSDC.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";
import {BuyCoverParams, Cover, ProductParams} from "../../src/interfaces/ICoverManager.sol";

/// @notice Drives depositors, buyers and the claim route of one CoverManager and keeps the ghost
/// accounting the invariants compare against. Every action bounds its inputs and returns early when the
/// action cannot run in the current state, so no call reverts (`fail_on_revert = true`): a revert is a
/// broken expectation (for example a quote that buyCover then refuses).
/// @dev Time is read with vm.getBlockTimestamp(): under via-IR `block.timestamp` may be cached across
/// a vm.warp inside one call.
contract CoverHandler is Test {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant EARN_SCALE = 1e6;
    uint256 internal constant DAY = 1 days;

    /// @notice The handler's record of one cover and of its premium stream.
    /// @param premiums What its buyer paid (purchase and extensions), measured on the buyer's balance.
    /// @param segmentStart Start of the current stream segment (purchase or last extension).
    /// @param streamEnd First day boundary at or after the cover's end.
    /// @param rate The segment's rate (asset units x 1e6 per second).
    /// @param earnedBeforeScaled Premium earned by earlier segments, x 1e6.
    /// @param payments Premium payments (1 + extensions), each rounded up once.
    struct CoverGhost {
        address owner;
        uint256 productId;
        uint256 bought;
        uint256 paid;
        uint256 premiums;
        uint256 refund;
        uint256 fee;
        uint256 segmentStart;
        uint256 streamEnd;
        uint256 rate;
        uint256 earnedBeforeScaled;
        uint256 payments;
        bool cancelled;
    }

    struct ProductCache {
        uint256 capWad;
        uint256 maxCover;
        uint256 minPeriod;
        uint256 maxPeriod;
        uint256 waiting;
    }

    CoverManager internal immutable manager;
    CoverPool internal immutable pool;
    MockUSDC internal immutable usdc;
    address internal immutable route;
    uint256 internal immutable cancelFeeWad;
    uint256 internal immutable leverageWad;

    address[] internal _actors;
    uint256[] internal _productIds;
    mapping(uint256 productId => ProductCache) internal _products;

    uint256[] internal _coverIds;
    mapping(uint256 coverId => CoverGhost) internal _ghosts;
    uint256 public lastStreamEnd;
    uint256 internal _incidentProduct;

    // ------------------------------------------------------------ ghost totals
    uint256 public ghostDeposited;
    uint256 public ghostWithdrawn;
    uint256 public ghostPremiumsPaid;
    uint256 public ghostRefunds;
    uint256 public ghostFees;
    uint256 public ghostTotalPaid;
    uint256 public ghostBought;
    uint256 public ghostPayments;
    uint256 public ghostCancels;
    /// @dev owed + paid out + withdrawn at the last capacity-checked sale of each product (see invariant (c)).
    mapping(uint256 productId => uint256) public lossBaseAtLastSale;

    // ------------------------------------------------------------ share price and observations
    uint256 public lastPrice;
    uint256 public priceDrops;
    string public lastPriceDrop;
    uint256 public violations;
    string public lastViolation;
    /// @dev Diagnostics: how often each action really ran (not returned early), and skipped quotes.
    mapping(bytes32 action => uint256) public calls;

    constructor(
        CoverManager manager_,
        CoverPool pool_,
        MockUSDC usdc_,
        address route_,
        address[] memory actors_,
        uint256[] memory productIds_
    ) {
        manager = manager_;
        pool = pool_;
        usdc = usdc_;
        route = route_;
        cancelFeeWad = manager_.cancelFeeWad();
        leverageWad = manager_.poolParams().leverageWad;
        for (uint256 i = 0; i < actors_.length; ++i) {
            _actors.push(actors_[i]);
            vm.startPrank(actors_[i]);
            usdc_.approve(address(manager_), type(uint256).max);
            usdc_.approve(address(pool_), type(uint256).max);
            vm.stopPrank();
        }
        for (uint256 i = 0; i < productIds_.length; ++i) {
            ProductParams memory p = manager_.product(productIds_[i]);
            _productIds.push(productIds_[i]);
            _products[productIds_[i]] = ProductCache(p.capWad, p.maxCoverAmount, p.minPeriod, p.maxPeriod, p.waitingPeriod);
        }
        ghostDeposited = usdc_.balanceOf(address(pool_));
        lastPrice = _price();
    }

    // ================================================================ price tracking

    /// @dev After the action: the share price may only fall in an action that pays out (`lossEvent`).
    modifier tracked(bytes32 action, bool lossEvent) {
        _;
        uint256 price = _price();
        if (price < lastPrice && !lossEvent) {
            ++priceDrops;
            lastPriceDrop = string.concat(_name(action), ": ", vm.toString(lastPrice), " -> ", vm.toString(price));
        }
        lastPrice = price;
    }

    function _name(bytes32 action) internal pure returns (string memory name) {
        uint256 n = 0;
        while (n < 32 && action[n] != 0) ++n;
        bytes memory b = new bytes(n);
        for (uint256 i = 0; i < n; ++i) {
            b[i] = action[i];
        }
        name = string(b);
    }

    function _price() internal view returns (uint256) {
        return pool.convertToAssets(10 ** pool.decimals());
    }

    // ================================================================ depositors

    function deposit(uint256 actorSeed, uint256 assets) external tracked("deposit", false) {
        address actor = _actor(actorSeed);
        assets = _bound(assets, 1, 1_000_000e6);
        _fund(actor, assets);
        vm.prank(actor);
        pool.deposit(assets, actor);
        ghostDeposited += assets;
        ++calls["deposit"];
    }

    function requestWithdraw(uint256 actorSeed, uint256 shares) external tracked("requestWithdraw", false) {
        address actor = _actor(actorSeed);
        uint256 balance = pool.balanceOf(actor);
        if (balance == 0) return;
        shares = _bound(shares, 1, balance);
        vm.prank(actor);
        pool.requestWithdraw(shares);
        ++calls["requestWithdraw"];
    }

    /// @notice Executes a matured request, as `redeem` or `withdraw`, within what maxRedeem/maxWithdraw
    /// allow; the first actor from `actorSeed` on that can exit does.
    function exit(uint256 actorSeed, uint256 amount, bool asWithdraw) external tracked("exit", false) {
        address actor;
        for (uint256 i = 0; i < _actors.length; ++i) {
            address candidate = _actors[(actorSeed % _actors.length + i) % _actors.length];
            if (pool.maxRedeem(candidate) != 0) {
                actor = candidate;
                break;
            }
        }
        if (actor == address(0)) return;
        uint256 before = usdc.balanceOf(actor);
        uint256 maxAssets = pool.maxWithdraw(actor);
        if (asWithdraw && maxAssets != 0) {
            amount = _bound(amount, 1, maxAssets);
            vm.prank(actor);
            pool.withdraw(amount, actor, actor);
            if (usdc.balanceOf(actor) - before != amount) _violation("withdraw paid other than the assets asked");
        } else {
            amount = _bound(amount, 1, pool.maxRedeem(actor));
            uint256 expected = pool.previewRedeem(amount);
            vm.prank(actor);
            pool.redeem(amount, actor, actor);
            if (usdc.balanceOf(actor) - before != expected) _violation("redeem paid other than previewRedeem");
        }
        ghostWithdrawn += usdc.balanceOf(actor) - before;
        ++calls["exit"];
    }

    function cancelWithdrawRequest(uint256 actorSeed) external tracked("cancelWithdrawRequest", false) {
        address actor = _actor(actorSeed);
        if (pool.withdrawalRequest(actor).shares == 0) return;
        vm.prank(actor);
        pool.cancelWithdrawRequest();
        ++calls["cancelWithdrawRequest"];
    }

    /// @notice Moves unlocked shares (balance minus requested) between actors.
    function transferShares(uint256 fromSeed, uint256 toSeed, uint256 amount) external tracked("transferShares", false) {
        address from = _actor(fromSeed);
        address to = _actor(toSeed);
        uint256 locked = pool.withdrawalRequest(from).shares;
        uint256 balance = pool.balanceOf(from);
        if (balance <= locked) return;
        amount = _bound(amount, 1, balance - locked);
        vm.prank(from);
        pool.transfer(to, amount);
        ++calls["transferShares"];
    }

    // ================================================================ cover holders

    /// @notice Buys cover; `fitRoom` keeps the amount within the capacity left, otherwise any amount up to
    /// the product maximum is tried. Skips when quote reverts.
    function buyCover(uint256 actorSeed, uint256 productSeed, uint256 amount, uint256 periodSeed, bool fitRoom)
        external
        tracked("buyCover", false)
    {
        uint256 pid = _productIds[productSeed % _productIds.length];
        _buy(_actor(actorSeed), pid, amount, _period(periodSeed, _products[pid]), fitRoom);
    }

    /// @notice Buys cover whose stream ends on the same day as an existing cover's (live, expired or
    /// cancelled), of its product or of the other one: covers share expiry buckets, and buckets emptied
    /// by cancellations or extensions get reused.
    function buyCoverSameDay(uint256 actorSeed, uint256 coverSeed, uint256 amount, uint256 offset, bool sameProduct)
        external
        tracked("buyCoverSameDay", false)
    {
        if (_coverIds.length == 0) return;
        CoverGhost memory other = _ghosts[_coverIds[coverSeed % _coverIds.length]];
        uint256 pid = other.productId;
        if (!sameProduct) pid = pid == _productIds[0] ? _productIds[1] : _productIds[0];
        ProductCache memory p = _products[pid];
        // Any end in (streamEnd - 1 day, streamEnd] shares that stream end.
        uint256 end = other.streamEnd - _bound(offset, 0, DAY - 1);
        uint256 t = _now();
        if (end < t + p.minPeriod || end > t + p.maxPeriod) return;
        _buy(_actor(actorSeed), pid, amount, end - t, true);
    }

    function _buy(address buyer, uint256 pid, uint256 amount, uint256 period, bool fitRoom) internal {
        ProductCache memory p = _products[pid];
        uint256 maxAmount = p.maxCover;
        if (fitRoom) {
            uint256 room = _room(pid);
            if (room == 0) return;
            if (room < maxAmount) maxAmount = room;
        }
        amount = _bound(amount, 1, maxAmount);
        uint256 quoted;
        try manager.quote(pid, amount, period) returns (uint256 q) {
            quoted = q;
        } catch {
            ++calls["buyCover:quoteReverted"];
            return;
        }
        _fund(buyer, quoted);
        uint256 before = usdc.balanceOf(buyer);
        vm.prank(buyer);
        (uint256 id, uint256 premium) = manager.buyCover(
            BuyCoverParams({
                productId: pid,
                riskKey: bytes32(0),
                amount: amount,
                period: period,
                maxPremium: quoted,
                recipient: buyer
            })
        );
        uint256 charged = before - usdc.balanceOf(buyer);
        if (charged != quoted || premium != quoted) _violation("buyCover charged other than its quote");

        uint256 t = _now();
        Cover memory c = manager.cover(id);
        if (c.amount != amount || c.start != t || c.end != t + period || c.owner != buyer) {
            _violation("buyCover stored another cover than bought");
        }
        uint256 streamEnd = Math.ceilDiv(t + period, DAY) * DAY;
        _coverIds.push(id);
        _ghosts[id] = CoverGhost({
            owner: buyer,
            productId: pid,
            bought: amount,
            paid: 0,
            premiums: charged,
            refund: 0,
            fee: 0,
            segmentStart: t,
            streamEnd: streamEnd,
            rate: c.rateScaled,
            earnedBeforeScaled: 0,
            payments: 1,
            cancelled: false
        });
        if (streamEnd > lastStreamEnd) lastStreamEnd = streamEnd;
        ghostPremiumsPaid += charged;
        ghostBought += amount;
        ++ghostPayments;
        lossBaseAtLastSale[pid] = _lossBase();
        ++calls["buyCover"];
    }

    function extendCover(uint256 coverSeed, uint256 extra) external tracked("extendCover", false) {
        if (_coverIds.length == 0) return;
        uint256 id = _coverIds[coverSeed % _coverIds.length];
        CoverGhost storage g = _ghosts[id];
        if (g.cancelled || g.paid != 0) return; // paid covers cannot be extended (CoverHasPayouts)
        uint256 t = _now();
        uint256 end = manager.cover(id).end;
        if (end <= t) return;
        ProductCache memory p = _products[g.productId];
        if (end - t >= p.maxPeriod) return;
        extra = _bound(extra, 1, p.maxPeriod - (end - t));
        uint256 quoted;
        try manager.quoteExtend(id, extra) returns (uint256 q) {
            quoted = q;
        } catch {
            ++calls["extendCover:quoteReverted"];
            return;
        }
        _fund(g.owner, quoted);
        uint256 before = usdc.balanceOf(g.owner);
        vm.prank(g.owner);
        uint256 premium = manager.extendCover(id, extra, quoted);
        uint256 charged = before - usdc.balanceOf(g.owner);
        if (charged != quoted || premium != quoted) _violation("extendCover charged other than its quote");

        // The old segment earned up to now; the new one streams from now to the new stream end.
        g.earnedBeforeScaled += g.rate * (t - g.segmentStart);
        g.segmentStart = t;
        g.rate = manager.cover(id).rateScaled;
        g.streamEnd = Math.ceilDiv(end + extra, DAY) * DAY;
        g.premiums += charged;
        ++g.payments;
        if (g.streamEnd > lastStreamEnd) lastStreamEnd = g.streamEnd;
        ghostPremiumsPaid += charged;
        ++ghostPayments;
        lossBaseAtLastSale[g.productId] = _lossBase();
        ++calls["extendCover"];
    }

    /// @notice Cancels a live cover without payouts; the refund is checked against the handler's own
    /// stream: floor(rate x (streamEnd - now) / 1e6) minus the fee rounded up.
    function cancelCover(uint256 coverSeed) external tracked("cancelCover", false) {
        if (_coverIds.length == 0) return;
        uint256 id = _coverIds[coverSeed % _coverIds.length];
        CoverGhost storage g = _ghosts[id];
        // Covers with payouts are not cancellable per ICoverManager (CoverHasPayouts); see attack tests.
        if (g.cancelled || g.paid != 0) return;
        if (manager.productOpenIncidents(g.productId) != 0) return;
        uint256 t = _now();
        if (manager.cover(id).end <= t) return;

        uint256 unearned = g.rate * (g.streamEnd - t) / EARN_SCALE;
        uint256 fee = Math.mulDiv(unearned, cancelFeeWad, WAD, Math.Rounding.Ceil);
        uint256 before = usdc.balanceOf(g.owner);
        vm.prank(g.owner);
        uint256 refund = manager.cancelCover(id, 0);
        uint256 received = usdc.balanceOf(g.owner) - before;
        if (received != unearned - fee || refund != received) _violation("cancelCover refunded other than unearned - fee");

        g.earnedBeforeScaled += g.rate * (t - g.segmentStart);
        g.segmentStart = t;
        g.cancelled = true;
        g.refund = received;
        g.fee = fee;
        ghostRefunds += received;
        ghostFees += fee;
        ++ghostCancels;
        ++calls["cancelCover"];
    }

    // ================================================================ claim route

    /// @notice Pays part of a cover for an incident after its waiting period, from free capital (bounded
    /// by the capital the manager lets a payout use: totalAssets) or from the route's reservation. The
    /// first payable cover from `coverSeed` on is paid.
    function payout(uint256 coverSeed, uint256 amount, uint256 incidentSeed, bool fromReserve)
        external
        tracked("payout", true)
    {
        uint256 available = fromReserve ? manager.reservedBy(route) : pool.totalAssets();
        if (available == 0) return;
        uint256 t = _now();
        uint256 n = _coverIds.length;
        for (uint256 i = 0; i < n; ++i) {
            uint256 id = _coverIds[(coverSeed % n + i) % n];
            CoverGhost storage g = _ghosts[id];
            if (g.cancelled) continue;
            Cover memory c = manager.cover(id);
            if (c.amount == 0) continue;
            uint256 earliest = uint256(c.start) + _products[g.productId].waiting;
            uint256 latest = c.end - 1 < t ? c.end - 1 : t;
            if (earliest > latest) continue;
            uint256 incident = _bound(incidentSeed, earliest, latest);
            amount = _bound(amount, 1, c.amount < available ? c.amount : available);

            uint256 before = usdc.balanceOf(g.owner);
            vm.prank(route);
            manager.payout(id, amount, incident, fromReserve);
            if (usdc.balanceOf(g.owner) - before != amount) _violation("payout paid the owner other than the amount");
            g.paid += amount;
            ghostTotalPaid += amount;
            ++calls[fromReserve ? bytes32("payout:fromReserve") : bytes32("payout")];
            return;
        }
    }

    /// @notice Sets capital aside for accepted claims; it leaves totalAssets at once (a loss for the
    /// depositors like a payout, so it may lower the share price). One call reserves at most half the
    /// capital (two calls can take it all), so that runs are not dominated by emptied pools.
    function reservePayout(uint256 productSeed, uint256 amount) external tracked("reservePayout", true) {
        uint256 capital = pool.totalAssets();
        if (capital < 2) return;
        amount = _bound(amount, 1, capital / 2);
        vm.prank(route);
        manager.reservePayout(_productIds[productSeed % _productIds.length], amount);
        ++calls["reservePayout"];
    }

    function releasePayout(uint256 amount) external tracked("releasePayout", false) {
        uint256 reserved = manager.reservedBy(route);
        if (reserved == 0) return;
        amount = _bound(amount, 1, reserved);
        vm.prank(route);
        manager.releasePayout(amount);
        ++calls["releasePayout"];
    }

    /// @notice Opens an incident when none is open (exits, and the product's sales and cancellations,
    /// then wait for closeIncident); one seed in three, so that runs are not mostly frozen.
    function openIncident(uint256 productSeed) external tracked("openIncident", false) {
        if (manager.openClaims() != 0 || productSeed % 3 != 0) return;
        _incidentProduct = _productIds[(productSeed / 3) % _productIds.length];
        vm.prank(route);
        manager.openIncident(_incidentProduct);
        ++calls["openIncident"];
    }

    function closeIncident() external tracked("closeIncident", false) {
        if (manager.openClaims() == 0) return;
        vm.prank(route);
        manager.closeIncident(_incidentProduct);
        ++calls["closeIncident"];
    }

    // ================================================================ time and keepers

    function warp(uint256 secondsSeed) external tracked("warp", false) {
        vm.warp(_now() + _bound(secondsSeed, 1 hours, 40 days));
        ++calls["warp"];
    }

    /// @notice Jumps into the execution window of the first actor from `actorSeed` on whose request has
    /// not yet matured, so that exits actually happen.
    function warpToExitWindow(uint256 actorSeed, uint256 offset) external tracked("warpToExitWindow", false) {
        uint256 t = _now();
        for (uint256 i = 0; i < _actors.length; ++i) {
            ICoverPool.WithdrawalRequest memory r = pool.withdrawalRequest(_actors[(actorSeed % _actors.length + i) % _actors.length]);
            if (r.shares == 0 || t >= r.unlocksAt) continue;
            vm.warp(r.unlocksAt + _bound(offset, 0, r.expiresAt - r.unlocksAt));
            ++calls["warpToExitWindow"];
            return;
        }
    }

    function sync() external tracked("sync", false) {
        manager.sync();
        ++calls["sync"];
    }

    // ================================================================ views for the invariants

    function actors() external view returns (address[] memory) {
        return _actors;
    }

    function productIds() external view returns (uint256[] memory) {
        return _productIds;
    }

    function coverIds() external view returns (uint256[] memory) {
        return _coverIds;
    }

    function ghost(uint256 coverId) external view returns (CoverGhost memory) {
        return _ghosts[coverId];
    }

    /// @notice A cover's premium earned so far and still unearned, x 1e6, from the handler's stream.
    function streamOf(uint256 coverId) public view returns (uint256 earnedScaled, uint256 unearnedScaled) {
        CoverGhost memory g = _ghosts[coverId];
        earnedScaled = g.earnedBeforeScaled;
        if (g.cancelled) return (earnedScaled, 0);
        uint256 t = _now();
        uint256 upTo = t < g.streamEnd ? t : g.streamEnd;
        earnedScaled += g.rate * (upTo - g.segmentStart);
        unearnedScaled = g.rate * (g.streamEnd - upTo);
    }

    /// @notice Sums of the handler's streams over every cover, x 1e6.
    function streams() external view returns (uint256 earnedScaled, uint256 unearnedScaled) {
        for (uint256 i = 0; i < _coverIds.length; ++i) {
            (uint256 e, uint256 u) = streamOf(_coverIds[i]);
            earnedScaled += e;
            unearnedScaled += u;
        }
    }

    /// @notice Bounds of the active cover of `productId` (0: all products) from the handler's covers:
    /// covers not cancelled whose stream has not ended count with at least their remaining amount and at
    /// most their bought amount (a payout lowers what a cover can still pay; whether active cover follows
    /// at once is the manager's choice).
    function activeCoverBounds(uint256 productId) external view returns (uint256 low, uint256 high) {
        uint256 t = _now();
        for (uint256 i = 0; i < _coverIds.length; ++i) {
            CoverGhost memory g = _ghosts[_coverIds[i]];
            if (g.cancelled || t >= g.streamEnd) continue;
            if (productId != 0 && g.productId != productId) continue;
            low += g.bought - g.paid;
            high += g.bought;
        }
    }

    /// @notice owed payouts + paid out + withdrawn: with capital, a quantity no action lowers.
    function lossBase() external view returns (uint256) {
        return _lossBase();
    }

    // ================================================================ internal

    function _lossBase() internal view returns (uint256) {
        return manager.owedPayouts() + ghostTotalPaid + ghostWithdrawn;
    }

    function _now() internal view returns (uint256) {
        return vm.getBlockTimestamp();
    }

    function _actor(uint256 seed) internal view returns (address) {
        return _actors[seed % _actors.length];
    }

    function _fund(address who, uint256 amount) internal {
        uint256 balance = usdc.balanceOf(who);
        while (balance < amount) {
            uint256 mint = amount - balance;
            if (mint > 1_000_000e6) mint = 1_000_000e6;
            usdc.faucet(who, mint);
            balance += mint;
        }
    }

    /// @dev Cover of `productId` that still fits the pool's leverage and the product's cap now.
    function _room(uint256 productId) internal view returns (uint256) {
        uint256 capital = pool.totalAssets();
        uint256 poolCap = capital * leverageWad / WAD;
        uint256 productCap = capital * _products[productId].capWad / WAD;
        uint256 active = manager.activeCover();
        uint256 productActive = manager.productActiveCover(productId);
        uint256 poolRoom = poolCap > active ? poolCap - active : 0;
        uint256 productRoom = productCap > productActive ? productCap - productActive : 0;
        return poolRoom < productRoom ? poolRoom : productRoom;
    }

    /// @dev Mostly short periods (many expiries, shared expiry days), sometimes the product's full range.
    function _period(uint256 seed, ProductCache memory p) internal pure returns (uint256) {
        uint256 max = p.maxPeriod;
        if (seed % 4 != 0 && max > 45 days) max = 45 days;
        return _bound(seed >> 2, p.minPeriod, max);
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }
}
