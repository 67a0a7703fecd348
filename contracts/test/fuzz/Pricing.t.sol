// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {BuyCoverParams, ICoverManager, ProductParams} from "../../src/interfaces/ICoverManager.sol";
import {PricingLib, UtilizationCurve} from "../../src/libraries/PricingLib.sol";

/// @notice Exposes PricingLib's internal functions to the fuzzer.
contract PricingHarness {
    function purchasePremium(
        uint256 amount,
        uint256 baseRateWad,
        uint256 period,
        uint256 activeBefore,
        uint256 capacity,
        UtilizationCurve memory curve
    ) external pure returns (uint256) {
        return PricingLib.purchasePremium(amount, baseRateWad, period, activeBefore, capacity, curve);
    }

    function lift(uint256 u, UtilizationCurve memory curve) external pure returns (uint256) {
        return PricingLib.lift(u, curve);
    }

    function liftIntegral(uint256 u, UtilizationCurve memory curve, bool roundUp) external pure returns (uint256) {
        return PricingLib.liftIntegral(u, curve, roundUp);
    }
}

/// @notice Pricing properties, on PricingLib directly and on what the CoverManager quotes and charges.
/// @dev Rounding vocabulary used in the bounds below.
/// - PricingLib rounds every step up. Summed over k purchases that telescope over the same utilization
///   range, it charges at least the single purchase and at most k units more (`q = base rate x period /
///   year` <= 0.04 for the product used here, so the `k x q` part of the last ceil stays below one unit).
/// - The manager then turns the priced premium P into a stream: rateScaled = ceil(P x 1e6 / SL) with SL the
///   stream length (purchase to the first day boundary at or after the end), and charges
///   ceil(rateScaled x SL / 1e6). That charge lies in [P, P + e] with e = ceil((SL - 1) / 1e6), up to
///   64 wei for a two-year cover. So on what buyers are charged, splitting into k pieces costs at most
///   k x (1 + e) more than one purchase (observed: e.g. 472 vs 440 wei for 10 tiny pieces over 90 days),
///   and a longer period can be cheaper by up to e wei when the priced premium does not grow (tiny
///   covers: observed 569 wei for a longer period vs 631 for a shorter one). The charge is monotone in
///   everything that leaves SL unchanged.
contract PricingFuzzTest is BaseTest {
    uint256 internal constant YEAR = 365 days;
    uint256 internal constant WAD = 1e18;

    PricingHarness internal harness;
    /// @dev A product whose cap (2x) lets utilization of the whole pool reach 100%.
    uint256 internal wide;

    function setUp() public override {
        super.setUp();
        harness = new PricingHarness();
        ProductParams memory p = defaultProductParams();
        p.capWad = 2e18;
        p.maxCoverAmount = 2_000_000e6;
        vm.prank(admin);
        wide = manager.listProduct(p);
    }

    // ------------------------------------------------------------ helpers

    function _buyWide(address who, uint256 amount, uint256 period) internal returns (uint256 premium) {
        vm.prank(who);
        (, premium) = manager.buyCover(
            BuyCoverParams({
                productId: wide,
                riskKey: bytes32(0),
                amount: amount,
                period: period,
                maxPremium: type(uint256).max,
                recipient: who
            })
        );
    }

    /// @dev Cover of `wide` that still fits both the pool's and the product's capacity (2x capital each)
    /// and its 2M maximum per cover (capital can exceed 1M by rounding wei).
    function _wideRoom() internal view returns (uint256) {
        uint256 capacity = pool.totalAssets() * 2;
        uint256 pooled = capacity - manager.activeCover();
        uint256 product = capacity - manager.productActiveCover(wide);
        uint256 room = pooled < product ? pooled : product;
        return room < 2_000_000e6 ? room : 2_000_000e6;
    }

    /// @dev Stream length of a purchase of `period` now.
    function _streamLength(uint256 period) internal view returns (uint256) {
        return Math.ceilDiv(vm.getBlockTimestamp() + period, 1 days) * 1 days - vm.getBlockTimestamp();
    }

    /// @dev Most the stream rounding adds to a priced premium: ceil((SL - 1) / 1e6).
    function _streamRounding(uint256 period) internal view returns (uint256) {
        return Math.ceilDiv(_streamLength(period) - 1, 1e6);
    }

    function _curve(uint256 kink, uint256 s1, uint256 s2) internal pure returns (UtilizationCurve memory) {
        return UtilizationCurve({
            kinkWad: uint64(bound(kink, 0, WAD)),
            slope1Wad: uint64(bound(s1, 0, 10e18)),
            slope2Wad: uint64(bound(s2, 0, 10e18))
        });
    }

    // ------------------------------------------------------------ quote vs charge

    function testFuzz_quote_equalsCharged(uint256 prior, uint256 amount, uint256 period, uint256 gap, bool onWide)
        public
    {
        prior = bound(prior, 0, 1_990_000e6);
        if (prior != 0) _buyWide(bob, prior, 400 days);
        // Time passes inside the prior cover's life: utilization unchanged, premium being earned.
        vm.warp(vm.getBlockTimestamp() + bound(gap, 0, 300 days));
        period = bound(period, MIN_PERIOD, MAX_PERIOD);
        uint256 room = _wideRoom();
        if (!onWide) {
            uint256 productRoom = pool.totalAssets() - manager.productActiveCover(productId);
            room = room < productRoom ? room : productRoom;
            room = room < MAX_COVER ? room : MAX_COVER;
        }
        vm.assume(room != 0);
        amount = bound(amount, 1, room);
        uint256 pid = onWide ? wide : productId;

        uint256 quoted = manager.quote(pid, amount, period);
        uint256 balanceBefore = usdc.balanceOf(alice);
        vm.prank(alice);
        (uint256 id, uint256 premium) = manager.buyCover(
            BuyCoverParams({
                productId: pid,
                riskKey: bytes32(0),
                amount: amount,
                period: period,
                maxPremium: quoted,
                recipient: alice
            })
        );
        assertEq(premium, quoted, "buyCover returns the quote");
        assertEq(balanceBefore - usdc.balanceOf(alice), quoted, "buyer is charged exactly the quote");
        uint256 rate = manager.cover(id).rateScaled;
        assertEq(
            quoted, Math.ceilDiv(rate * _streamLength(period), 1e6), "charge is ceil(rateScaled x streamLength / 1e6)"
        );
    }

    /// @notice quote must behave exactly like buyCover ("reverts with the same error it would"), also when
    /// covers expired since the last state-changing call (the ledger is then synced lazily).
    function testFuzz_quote_sameOutcomeAsBuyAfterExpiry(
        uint256 prior,
        uint256 priorPeriod,
        uint256 gap,
        uint256 amount,
        uint256 period
    ) public {
        prior = bound(prior, 1, MAX_COVER);
        priorPeriod = bound(priorPeriod, MIN_PERIOD, 30 days);
        buy(bob, prior, priorPeriod);
        vm.warp(vm.getBlockTimestamp() + bound(gap, 0, 60 days));
        amount = bound(amount, 1, MAX_COVER);
        period = bound(period, MIN_PERIOD, MAX_PERIOD);

        (bool quoteOk, bytes memory quoteRet) =
            address(manager).staticcall(abi.encodeCall(ICoverManager.quote, (productId, amount, period)));
        vm.prank(alice);
        (bool buyOk, bytes memory buyRet) =
            address(manager).call(abi.encodeCall(ICoverManager.buyCover, (buyParams(amount, period, alice))));

        assertEq(quoteOk, buyOk, "quote reverts exactly when buyCover reverts");
        if (buyOk) {
            (, uint256 premium) = abi.decode(buyRet, (uint256, uint256));
            assertEq(abi.decode(quoteRet, (uint256)), premium, "quote == premium charged");
        } else {
            assertEq(quoteRet, buyRet, "quote reverts with buyCover's error");
        }
    }

    /// @notice Deterministic instance of the above: a cover filling the product cap expires, nobody syncs.
    function test_quote_matchesBuyAfterExpiryWithoutSync() public {
        buy(bob, 1_000_000e6, 10 days);
        vm.warp(vm.getBlockTimestamp() + 12 days);
        assertEq(manager.productActiveCover(productId), 0, "the product's cover expired");

        (bool quoteOk, bytes memory quoteRet) =
            address(manager).staticcall(abi.encodeCall(ICoverManager.quote, (productId, 500_000e6, 10 days)));
        (, uint256 premium) = buy(alice, 500_000e6, 10 days);
        assertTrue(quoteOk, "quote must not revert when buyCover succeeds");
        assertEq(abi.decode(quoteRet, (uint256)), premium, "quote == premium charged");
    }

    // ------------------------------------------------------------ splitting

    /// @notice k purchases adding up to one amount, same block and period: never cheaper than the single
    /// purchase, at most k x (1 + e) wei dearer (see the contract's notes).
    function testFuzz_buyCover_splitCostsWithinRoundingOfSingle(
        uint256 prior,
        uint256 amount,
        uint256 period,
        uint256 k,
        uint256 seed
    ) public {
        prior = bound(prior, 0, 1_990_000e6);
        if (prior != 0) _buyWide(bob, prior, 30 days);
        k = bound(k, 2, 10);
        uint256 room = _wideRoom();
        vm.assume(room >= k);
        amount = bound(amount, k, room);
        period = bound(period, MIN_PERIOD, MAX_PERIOD);

        uint256 snapshot = vm.snapshotState();
        uint256 single = _buyWide(alice, amount, period);
        vm.revertToState(snapshot);

        uint256 split;
        uint256 remaining = amount;
        for (uint256 i = 0; i < k; ++i) {
            uint256 piece = i == k - 1
                ? remaining
                : bound(uint256(keccak256(abi.encode(seed, i))), 1, remaining - (k - 1 - i));
            remaining -= piece;
            split += _buyWide(alice, piece, period);
        }
        assertGe(split, single, "splitting never costs less than one purchase");
        assertLe(split, single + k * (1 + _streamRounding(period)), "splitting costs at most k x (1 + e) more");
    }

    /// @notice The same on PricingLib alone (fixed capacity): at least the single premium, at most
    /// k + ceil(k x q) more, q = base rate x period / year. The brief's "single + k" is the q -> 0 case.
    /// @dev Capacity is kept <= 1e15 (a billion USDC): utilization is rounded to 1e-18, which is worth
    /// capacity x ~30e-18 asset units per piece, below 0.03 there.
    function testFuzz_purchasePremium_splitWithinKUnitsOfSingle(
        uint256 capacity,
        uint256 activeBefore,
        uint256 amount,
        uint256 rate,
        uint256 period,
        uint256 k,
        uint256 seed,
        uint256[3] memory curveSeed
    ) public view {
        UtilizationCurve memory curve = _curve(curveSeed[0], curveSeed[1], curveSeed[2]);
        k = bound(k, 2, 10);
        capacity = bound(capacity, k, 1e15);
        activeBefore = bound(activeBefore, 0, capacity - k);
        amount = bound(amount, k, capacity - activeBefore);
        rate = bound(rate, 0, 10e18);
        period = bound(period, 1 days, 3 * YEAR);

        uint256 single = harness.purchasePremium(amount, rate, period, activeBefore, capacity, curve);
        uint256 split;
        uint256 remaining = amount;
        uint256 active = activeBefore;
        for (uint256 i = 0; i < k; ++i) {
            uint256 piece = i == k - 1
                ? remaining
                : bound(uint256(keccak256(abi.encode(seed, i))), 1, remaining - (k - 1 - i));
            remaining -= piece;
            split += harness.purchasePremium(piece, rate, period, active, capacity, curve);
            active += piece;
        }
        uint256 q = Math.mulDiv(k * rate, period, WAD * YEAR, Math.Rounding.Ceil);
        assertGe(split, single, "lib: split >= single");
        assertLe(split, single + k + q, "lib: split <= single + k + ceil(k x q)");
    }

    // ------------------------------------------------------------ monotonicity

    function testFuzz_quote_monotoneInAmount(uint256 prior, uint256 a1, uint256 a2, uint256 period) public {
        prior = bound(prior, 0, 1_990_000e6);
        if (prior != 0) _buyWide(bob, prior, 60 days);
        uint256 room = _wideRoom();
        vm.assume(room != 0);
        a2 = bound(a2, 1, room);
        a1 = bound(a1, 1, a2);
        period = bound(period, MIN_PERIOD, MAX_PERIOD);
        assertLe(manager.quote(wide, a1, period), manager.quote(wide, a2, period), "more cover never costs less");
    }

    /// @notice Monotone in the period up to the stream rounding e of the shorter period; exactly
    /// monotone when both periods end in the same expiry bucket (same stream length).
    function testFuzz_quote_monotoneInPeriod(uint256 prior, uint256 amount, uint256 p1, uint256 p2) public {
        prior = bound(prior, 0, 1_990_000e6);
        if (prior != 0) _buyWide(bob, prior, 60 days);
        uint256 room = _wideRoom();
        vm.assume(room != 0);
        amount = bound(amount, 1, room);
        p2 = bound(p2, MIN_PERIOD, MAX_PERIOD);
        p1 = bound(p1, MIN_PERIOD, p2);
        uint256 q1 = manager.quote(wide, amount, p1);
        uint256 q2 = manager.quote(wide, amount, p2);
        if (_streamLength(p1) == _streamLength(p2)) {
            assertLe(q1, q2, "same bucket: a longer period never costs less");
        } else {
            assertLe(q1, q2 + _streamRounding(p1), "a longer period costs at most e wei less");
        }
    }

    function testFuzz_purchasePremium_monotoneInAmountAndPeriod(
        uint256 capacity,
        uint256 activeBefore,
        uint256 a1,
        uint256 a2,
        uint256 p1,
        uint256 p2,
        uint256 rate,
        uint256[3] memory curveSeed
    ) public view {
        UtilizationCurve memory curve = _curve(curveSeed[0], curveSeed[1], curveSeed[2]);
        capacity = bound(capacity, 1, 1e30);
        activeBefore = bound(activeBefore, 0, capacity - 1);
        a2 = bound(a2, 1, capacity - activeBefore);
        a1 = bound(a1, 1, a2);
        p2 = bound(p2, 1 days, 3 * YEAR);
        p1 = bound(p1, 1 days, p2);
        rate = bound(rate, 0, 10e18);
        uint256 base = harness.purchasePremium(a1, rate, p1, activeBefore, capacity, curve);
        assertLe(base, harness.purchasePremium(a2, rate, p1, activeBefore, capacity, curve), "lib: monotone in amount");
        assertLe(base, harness.purchasePremium(a1, rate, p2, activeBefore, capacity, curve), "lib: monotone in period");
    }

    // ------------------------------------------------------------ lift integral

    function testFuzz_liftIntegral_monotone(uint256 u1, uint256 u2, uint256[3] memory curveSeed) public view {
        UtilizationCurve memory curve = _curve(curveSeed[0], curveSeed[1], curveSeed[2]);
        u2 = bound(u2, 0, WAD);
        u1 = bound(u1, 0, u2);
        uint256 up1 = harness.liftIntegral(u1, curve, true);
        uint256 down1 = harness.liftIntegral(u1, curve, false);
        assertLe(up1, harness.liftIntegral(u2, curve, true), "rounded up: monotone in u");
        assertLe(down1, harness.liftIntegral(u2, curve, false), "rounded down: monotone in u");
        assertLe(down1, up1, "rounding down never exceeds rounding up");
        assertLe(up1 - down1, 8, "the two roundings differ by a few units");
        assertLe(harness.lift(u1, curve), harness.lift(u2, curve), "lift monotone in u");
    }

    /// @notice liftIntegral(u) is the integral of lift from 0 to u: it lies between the left and right
    /// Riemann sums of lift (lift is non-decreasing) and matches the trapezoid sum up to the trapezoid's
    /// error on the one step that contains the kink, |s2 - s1| x h^2 / 8 (lift is linear elsewhere).
    function testFuzz_liftIntegral_matchesNumericalIntegral(uint256 u, uint256[3] memory curveSeed) public view {
        UtilizationCurve memory curve = _curve(curveSeed[0], curveSeed[1], curveSeed[2]);
        u = bound(u, 0, WAD);
        uint256 n = 48;
        uint256 left;
        uint256 right;
        uint256 trapezoid2; // twice the trapezoid sum
        uint256 previous = 0;
        uint256 liftPrevious = harness.lift(0, curve);
        for (uint256 i = 1; i <= n; ++i) {
            uint256 x = u * i / n;
            uint256 h = x - previous;
            uint256 liftX = harness.lift(x, curve);
            left += Math.mulDiv(liftPrevious, h, WAD);
            right += Math.mulDiv(liftX, h, WAD, Math.Rounding.Ceil);
            trapezoid2 += Math.mulDiv(liftPrevious + liftX, h, WAD);
            previous = x;
            liftPrevious = liftX;
        }
        uint256 up = harness.liftIntegral(u, curve, true);
        uint256 down = harness.liftIntegral(u, curve, false);
        // lift() rounds up by < 2 units, which lifts `left` by < 2 units in total over [0, u] (u <= WAD).
        assertLe(left, up + 2, "integral >= left Riemann sum");
        assertLe(down, right, "integral <= right Riemann sum");

        uint256 step = Math.ceilDiv(u, n);
        uint256 slopeGap = curve.slope2Wad > curve.slope1Wad
            ? curve.slope2Wad - curve.slope1Wad
            : curve.slope1Wad - curve.slope2Wad;
        uint256 tolerance = Math.mulDiv(Math.mulDiv(slopeGap, step, WAD, Math.Rounding.Ceil), step, 8 * WAD, Math.Rounding.Ceil)
            + 2 * n + 8;
        uint256 trapezoid = trapezoid2 / 2;
        uint256 diff = trapezoid > up ? trapezoid - up : up - trapezoid;
        assertLe(diff, tolerance, "integral == trapezoid sum within the kink step's error");
    }
}
