// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {Cover, ProductParams} from "../../src/interfaces/ICoverManager.sol";
import {CoverHandler} from "./CoverHandler.sol";

/// @notice Accounting invariants of one CoverManager and its CoverPool under random deposits, exits,
/// share transfers, purchases, extensions, cancellations, claims, reservations, payouts and time.
/// Two products share the pool (the BaseTest one: cap 1x, and one with cap 0.5x, 2-day waiting period).
contract CoverInvariantTest is BaseTest {
    uint256 internal constant WAD = 1e18;

    CoverHandler internal handler;
    uint256 internal product2;
    address internal carol = makeAddr("carol");

    function setUp() public override {
        super.setUp();
        ProductParams memory p = defaultProductParams();
        p.baseRateWad = 0.05e18;
        p.capWad = 0.5e18;
        p.maxCoverAmount = 500_000e6;
        p.maxPeriod = 365 days;
        p.waitingPeriod = 2 days;
        vm.prank(admin);
        product2 = manager.listProduct(p);

        address[] memory actors = new address[](5);
        (actors[0], actors[1], actors[2], actors[3], actors[4]) = (lp1, lp2, alice, bob, carol);
        uint256[] memory products = new uint256[](2);
        (products[0], products[1]) = (productId, product2);
        handler = new CoverHandler(manager, pool, usdc, route, actors, products);

        bytes4[] memory selectors = new bytes4[](23);
        selectors[0] = CoverHandler.deposit.selector;
        selectors[1] = CoverHandler.requestWithdraw.selector;
        selectors[2] = CoverHandler.exit.selector;
        selectors[3] = CoverHandler.cancelWithdrawRequest.selector;
        selectors[4] = CoverHandler.transferShares.selector;
        selectors[5] = CoverHandler.buyCover.selector;
        selectors[6] = CoverHandler.extendCover.selector;
        selectors[7] = CoverHandler.cancelCover.selector;
        selectors[8] = CoverHandler.payout.selector;
        selectors[9] = CoverHandler.reservePayout.selector;
        selectors[10] = CoverHandler.releasePayout.selector;
        selectors[11] = CoverHandler.openIncident.selector;
        selectors[12] = CoverHandler.closeIncident.selector;
        selectors[13] = CoverHandler.warp.selector;
        selectors[14] = CoverHandler.warpToExitWindow.selector;
        selectors[15] = CoverHandler.sync.selector;
        // Weights: payouts, exit requests and windows twice, exits three times, and the second purchase
        // is one ending on another cover's expiry day.
        selectors[16] = CoverHandler.buyCover.selector;
        selectors[17] = CoverHandler.payout.selector;
        selectors[18] = CoverHandler.exit.selector;
        selectors[19] = CoverHandler.exit.selector;
        selectors[20] = CoverHandler.warpToExitWindow.selector;
        selectors[21] = CoverHandler.requestWithdraw.selector;
        selectors[22] = CoverHandler.buyCoverSameDay.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    // ------------------------------------------------------------ the campaign

    /// @notice (a)..(e) below, checked together after every handler call. One invariant function keeps
    /// the default profile to one campaign (256 runs x 50 calls): forge runs a campaign per function.
    function invariant_accounting() public view {
        _check_a_poolHoldsLiabilities();
        _check_b_sharesAndPrice();
        _check_c_activeCoverWithinCapacity();
        _check_d_premiumsConserved();
        _check_e_coverAmounts();
    }

    // ------------------------------------------------------------ (a) solvency

    /// @notice (a) The pool holds at least what it owes before its depositors, and its balance is exactly
    /// the handler's inflows minus outflows (nothing else moves the pool's asset).
    function _check_a_poolHoldsLiabilities() internal view {
        uint256 balance = usdc.balanceOf(address(pool));
        uint256 unearned = manager.unearnedPremium();
        uint256 owed = manager.owedPayouts();
        assertGe(balance, unearned + owed, "(a) pool balance >= unearned premium + owed payouts");
        assertEq(manager.liabilities(), unearned + owed, "(a) liabilities == unearned premium + owed payouts");
        assertEq(pool.totalAssets(), balance - unearned - owed, "(a) totalAssets == balance - liabilities");
        assertEq(owed, manager.reservedBy(route), "(a) owed payouts == the route's reservation");
        assertEq(
            balance + handler.ghostWithdrawn() + handler.ghostRefunds() + handler.ghostTotalPaid(),
            handler.ghostDeposited() + handler.ghostPremiumsPaid(),
            "(a) pool balance == deposits + premiums - exits - refunds - payouts"
        );
    }

    // ------------------------------------------------------------ (b) shares and share price

    /// @notice (b) Shares are all held by the actors, requested shares never exceed a balance, and the
    /// share price (assets of 10**decimals shares) only fell in payout actions (payout, reservePayout;
    /// tracked by the handler after every action).
    function _check_b_sharesAndPrice() internal view {
        address[] memory actors = handler.actors();
        uint256 sum;
        for (uint256 i = 0; i < actors.length; ++i) {
            uint256 balance = pool.balanceOf(actors[i]);
            sum += balance;
            assertLe(pool.withdrawalRequest(actors[i]).shares, balance, "(b) requested shares <= balance");
        }
        assertEq(sum, pool.totalSupply(), "(b) sum of actors' shares == totalSupply");
        assertEq(handler.priceDrops(), 0, string.concat("(b) share price fell outside a payout: ", handler.lastPriceDrop()));
        assertEq(handler.lastPrice(), pool.convertToAssets(10 ** pool.decimals()), "(b) tracked price is current");
    }

    // ------------------------------------------------------------ (c) capacity

    /// @notice (c) Active cover against capital.
    /// Pool: purchases keep activeCover <= capital x leverage and exits keep capital >= activeCover /
    /// leverage, but payouts take capital without lowering active cover, and a reservation moves capital
    /// into owed payouts at once. capital + owed + total paid out never falls except by exits, so
    ///     activeCover x 1e18 <= (capital + owed + totalPaid) x leverage       (leverage is never changed here).
    /// Product: the cap is checked at sales only, and exits are limited by the pool's leverage, not by
    /// product caps, so exits can also take capital below productActiveCover / cap. capital + owed +
    /// paid + withdrawn never falls, and at the product's last sale productActiveCover <= capital x cap:
    ///     productActiveCover x 1e18 <= (capital + owed + paid + withdrawn - that sum at the last sale) x cap.
    /// Also: activeCover == sum of productActiveCover, and both lie between the remaining and the bought
    /// amounts of the handler's live covers.
    function _check_c_activeCoverWithinCapacity() internal view {
        uint256 capital = pool.totalAssets();
        uint256 owed = manager.owedPayouts();
        uint256 active = manager.activeCover();
        uint256 leverage = manager.poolParams().leverageWad;
        assertLe(
            active * WAD,
            (capital + owed + handler.ghostTotalPaid()) * leverage,
            "(c) activeCover <= (capital + owed + paid out) x leverage"
        );

        uint256[] memory products = handler.productIds();
        uint256 sum;
        for (uint256 i = 0; i < products.length; ++i) {
            uint256 productActive = manager.productActiveCover(products[i]);
            sum += productActive;
            assertLe(
                productActive * WAD,
                (capital + handler.lossBase() - handler.lossBaseAtLastSale(products[i])) * manager.product(products[i]).capWad,
                "(c) productActiveCover <= (capital + losses and exits since its last sale) x cap"
            );
            (uint256 low, uint256 high) = handler.activeCoverBounds(products[i]);
            assertGe(productActive, low, "(c) productActiveCover >= remaining amount of its live covers");
            assertLe(productActive, high, "(c) productActiveCover <= bought amount of its live covers");
        }
        assertEq(active, sum, "(c) activeCover == sum of productActiveCover");
        (uint256 lowAll, uint256 highAll) = handler.activeCoverBounds(0);
        assertGe(active, lowAll, "(c) activeCover >= remaining amount of live covers");
        assertLe(active, highAll, "(c) activeCover <= bought amount of live covers");
        assertEq(manager.requiredCapital(), Math.mulDiv(active, WAD, leverage, Math.Rounding.Ceil), "(c) requiredCapital");
    }

    // ------------------------------------------------------------ (d) premium conservation

    /// @notice (d) Every premium paid is earned, still unearned, refunded or kept as a cancellation fee.
    /// The handler streams each cover itself (rate x time, segment by segment across extensions).
    /// Bound: each premium payment (purchase or extension) is rounded up once, by less than 1 wei above
    /// the stream it funds, and each cancellation keeps the sub-wei part of the unearned premium it does not
    /// refund (< 1 wei); nothing rounds the other way. So in units of 1e-6 wei, with n = payments +
    /// cancellations:  0 <= paid x 1e6 - (earned + unearned + (refunds + fees) x 1e6) < n x 1e6,
    /// per cover and in total; in wei with manager.unearnedPremium() (one ceil) and earned floored,
    /// 0 <= paid - (earned + unearnedPremium + refunds + fees) <= n. ("1 wei per cover" is this bound for
    /// covers never extended nor cancelled.)
    function _check_d_premiumsConserved() internal view {
        (uint256 earnedScaled, uint256 unearnedScaled) = handler.streams();
        assertEq(
            manager.unearnedPremium(),
            Math.ceilDiv(unearnedScaled, 1e6),
            "(d) unearnedPremium == ceil(sum of the handler's unearned streams)"
        );

        uint256 paid = handler.ghostPremiumsPaid();
        uint256 returned = handler.ghostRefunds() + handler.ghostFees();
        uint256 n = handler.ghostPayments() + handler.ghostCancels();
        uint256 accounted = earnedScaled + unearnedScaled + returned * 1e6;
        assertGe(paid * 1e6, accounted, "(d) premiums >= earned + unearned + refunds + fees (x1e6)");
        assertLe(paid * 1e6 - accounted, n * 1e6, "(d) premiums - accounted < 1 wei per payment and cancellation");

        uint256 accountedWei = earnedScaled / 1e6 + manager.unearnedPremium() + returned;
        assertGe(paid, accountedWei, "(d) premiums >= earned + unearnedPremium + refunds + fees");
        assertLe(paid, accountedWei + n, "(d) premiums <= earned + unearnedPremium + refunds + fees + n");

        uint256[] memory ids = handler.coverIds();
        for (uint256 i = 0; i < ids.length; ++i) {
            CoverHandler.CoverGhost memory g = handler.ghost(ids[i]);
            (uint256 e, uint256 u) = handler.streamOf(ids[i]);
            uint256 coverAccounted = e + u + (g.refund + g.fee) * 1e6;
            uint256 rounding = (g.payments + (g.cancelled ? 1 : 0)) * 1e6;
            assertGe(g.premiums * 1e6, coverAccounted, "(d) per cover: premiums >= earned + unearned + refund + fee");
            assertLt(g.premiums * 1e6 - coverAccounted, rounding, "(d) per cover: within 1 wei per payment/cancel");
        }
    }

    // ------------------------------------------------------------ (e) covers

    /// @notice (e) Payouts never exceed a cover and its remaining amount is bought minus paid.
    function _check_e_coverAmounts() internal view {
        uint256[] memory ids = handler.coverIds();
        uint256 bought;
        uint256 paid;
        for (uint256 i = 0; i < ids.length; ++i) {
            CoverHandler.CoverGhost memory g = handler.ghost(ids[i]);
            Cover memory c = manager.cover(ids[i]);
            assertLe(g.paid, g.bought, "(e) paid out <= bought amount");
            assertEq(c.amount, g.bought - g.paid, "(e) cover amount == bought - paid out");
            assertEq(c.flags & 1 != 0, g.paid != 0, "(e) paid flag set exactly after a payout");
            assertEq(c.owner == address(0), g.cancelled, "(e) owner cleared exactly on cancellation");
            bought += g.bought;
            paid += g.paid;
        }
        assertEq(bought, handler.ghostBought(), "(e) sum of cover amounts bought");
        assertEq(paid, handler.ghostTotalPaid(), "(e) sum of payouts");
        assertEq(handler.violations(), 0, string.concat("(e) handler observation: ", handler.lastViolation()));
    }

    // ------------------------------------------------------------ after each run

    /// @notice Once claims close, reservations are released and every stream has ended, nothing is
    /// active or unearned, and every depositor can take out its whole value: all but the virtual shares'
    /// part and rounding leaves the pool.
    /// @dev maxRedeem converts free capital to shares rounding down with ERC-4626's virtual asset; when
    /// losses took the share price below its initial 1e-6 asset, that falls short of a full balance by
    /// shares worth less than one wei, so the check is on value, not on the share count.
    function afterInvariant() public virtual {
        if (manager.openClaims() != 0) handler.closeIncident();
        uint256 reserved = manager.reservedBy(route);
        if (reserved != 0) {
            vm.prank(route);
            manager.releasePayout(reserved);
        }
        uint256 t = vm.getBlockTimestamp();
        uint256 end = handler.lastStreamEnd();
        vm.warp((end > t ? end : t) + 1);
        assertEq(manager.activeCover(), 0, "after: no active cover once every stream ended");
        assertEq(manager.unearnedPremium(), 0, "after: nothing unearned once every stream ended");
        assertEq(manager.requiredCapital(), 0, "after: no capital required");

        address[] memory actors = handler.actors();
        for (uint256 i = 0; i < actors.length; ++i) {
            uint256 shares = pool.balanceOf(actors[i]);
            if (shares == 0) continue;
            vm.prank(actors[i]);
            pool.requestWithdraw(shares);
        }
        vm.warp(vm.getBlockTimestamp() + COOLDOWN);
        uint256 assets = pool.totalAssets();
        uint256 supply = pool.totalSupply();
        assertEq(assets, usdc.balanceOf(address(pool)), "after: all of the balance belongs to depositors");
        for (uint256 i = 0; i < actors.length; ++i) {
            uint256 shares = pool.balanceOf(actors[i]);
            if (shares == 0) continue;
            uint256 value = pool.previewRedeem(shares);
            uint256 maxShares = pool.maxRedeem(actors[i]);
            assertLe(maxShares, shares, "after: maxRedeem <= requested balance");
            uint256 expected = pool.previewRedeem(maxShares);
            assertLe(value, expected + 1, "after: all but < 1 wei of a depositor's value can exit");
            if (maxShares == 0) continue;
            vm.prank(actors[i]);
            assertEq(pool.redeem(maxShares, actors[i], actors[i]), expected, "after: redeem pays previewRedeem");
        }
        assertLe(
            usdc.balanceOf(address(pool)),
            Math.mulDiv(assets + 1, 1e6, supply + 1e6) + 2 * actors.length,
            "after: only the virtual shares' part and rounding stay in the pool"
        );
    }
}
