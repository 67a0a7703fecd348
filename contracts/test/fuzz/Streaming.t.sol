// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {BuyCoverParams, PoolParams, ProductParams} from "../../src/interfaces/ICoverManager.sol";
import {UtilizationCurve} from "../../src/libraries/PricingLib.sol";

/// @notice Premium streaming as seen by depositors: totalAssets() rises linearly from purchase to the
/// stream end and never falls without a payout.
/// @dev One cover bought at t0, stream end SE (first day boundary >= its end), SL = SE - t0, rate r
/// (rateScaled), premium C = ceil(y) with y = r x SL / 1e6. At t, with x = r x (SE - t) / 1e6:
///     earned = totalAssets - initial = C - ceil(x),   linear share = C x (t - t0) / SL = C - C x x / y.
/// C x x / y lies in [x, x + 1) and so does ceil(x): earned and the linear share differ by less than one
/// wei. With n covers the single ceil over the summed unearned premium adds at most one wei and each
/// cover's C x x / y at most one: earned lies in (linear - 1, linear + n).
contract StreamingFuzzTest is BaseTest {
    function _streamEnd(uint256 start, uint256 period) internal pure returns (uint256) {
        return Math.ceilDiv(start + period, 1 days) * 1 days;
    }

    /// @dev Linear share of `premium` streamed from `start` to `end` at `t`, in asset units x 1e6 (floor).
    function _linearScaled(uint256 premium, uint256 start, uint256 end, uint256 t) internal pure returns (uint256) {
        if (t >= end) return premium * 1e6;
        return Math.mulDiv(premium * 1e6, t - start, end - start);
    }

    function testFuzz_buyCover_earnsLinearly(uint256 amount, uint256 period, uint256[4] memory steps) public {
        amount = bound(amount, 1, MAX_COVER);
        period = bound(period, MIN_PERIOD, MAX_PERIOD);
        uint256 t0 = vm.getBlockTimestamp();
        (uint256 id, uint256 premium) = buy(alice, amount, period);
        uint256 rate = manager.cover(id).rateScaled;
        uint256 se = _streamEnd(t0, period);
        assertEq(premium, Math.ceilDiv(rate * (se - t0), 1e6), "premium = ceil(rate x streamLength / 1e6)");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "buying cover does not move totalAssets");

        uint256 last = INITIAL_CAPITAL;
        for (uint256 i = 0; i < steps.length; ++i) {
            vm.warp(vm.getBlockTimestamp() + bound(steps[i], 0, (se - t0) / 2 + 1 days));
            uint256 t = vm.getBlockTimestamp();
            uint256 assets = pool.totalAssets();
            assertGe(assets, last, "totalAssets never decreases");
            last = assets;

            uint256 earnedScaled = (assets - INITIAL_CAPITAL) * 1e6;
            uint256 linear = _linearScaled(premium, t0, se, t);
            assertLt(earnedScaled, linear + 1e6, "earned < linear share + 1 wei");
            assertLt(linear, earnedScaled + 1e6, "earned > linear share - 1 wei");
            uint256 left = t >= se ? 0 : se - t;
            assertEq(manager.unearnedPremium(), Math.ceilDiv(rate * left, 1e6), "unearned = ceil(rate x (SE - t) / 1e6)");
        }
        vm.warp(se);
        assertEq(manager.unearnedPremium(), 0, "nothing unearned at the stream end");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + premium, "the whole premium is earned at the stream end");
        assertEq(manager.activeCover(), 0, "the cover left active cover at its stream end");
    }

    function testFuzz_buyCover_manyCoversEarnWithinOneWeiEach(
        uint256 n,
        uint256[6] memory amounts,
        uint256[6] memory periods,
        uint256[6] memory gaps,
        uint256[3] memory steps
    ) public {
        n = bound(n, 1, 6);
        uint256[] memory premium = new uint256[](n);
        uint256[] memory start = new uint256[](n);
        uint256[] memory end = new uint256[](n);
        uint256 initial = pool.totalAssets();
        uint256 bought;
        for (uint256 i = 0; i < n; ++i) {
            vm.warp(vm.getBlockTimestamp() + bound(gaps[i], 0, 5 days));
            // Earned premium before this purchase is part of the baseline's growth: measure it.
            uint256 room = pool.totalAssets() - manager.productActiveCover(productId);
            if (room > MAX_COVER) room = MAX_COVER;
            if (room == 0) break;
            uint256 period = bound(periods[i], MIN_PERIOD, 120 days);
            start[i] = vm.getBlockTimestamp();
            end[i] = _streamEnd(vm.getBlockTimestamp(), period);
            (, premium[i]) = buy(i % 2 == 0 ? alice : bob, bound(amounts[i], 1, room), period);
            ++bought;
        }

        uint256 last = pool.totalAssets();
        for (uint256 s = 0; s <= steps.length; ++s) {
            if (s != 0) vm.warp(vm.getBlockTimestamp() + bound(steps[s - 1], 0, 60 days));
            uint256 assets = pool.totalAssets();
            assertGe(assets, last, "totalAssets never decreases");
            last = assets;
            uint256 linear;
            for (uint256 i = 0; i < bought; ++i) {
                linear += _linearScaled(premium[i], start[i], end[i], vm.getBlockTimestamp());
            }
            uint256 earnedScaled = (assets - initial) * 1e6;
            assertLt(linear, earnedScaled + 1e6, "earned > sum of linear shares - 1 wei");
            assertLt(earnedScaled, linear + bought * 1e6 + bought, "earned < sum of linear shares + 1 wei per cover");
        }
    }

    /// @notice An extension streams the cover's unearned premium plus the extension premium from now to
    /// the new stream end; totalAssets neither jumps nor falls at the extension.
    function testFuzz_extendCover_streamsRemainderToNewEnd(
        uint256 amount,
        uint256 period,
        uint256 wait,
        uint256 extra,
        uint256 after_
    ) public {
        amount = bound(amount, 1, MAX_COVER);
        period = bound(period, MIN_PERIOD, 365 days);
        (uint256 id,) = buy(alice, amount, period);
        uint256 end = vm.getBlockTimestamp() + period;
        vm.warp(vm.getBlockTimestamp() + bound(wait, 0, period - 1));
        extra = bound(extra, 1, MAX_PERIOD - (end - vm.getBlockTimestamp()));

        uint256 before = pool.totalAssets();
        uint256 unearnedBefore = manager.unearnedPremium();
        vm.prank(alice);
        uint256 extPremium = manager.extendCover(id, extra, type(uint256).max);
        uint256 t1 = vm.getBlockTimestamp();
        uint256 se = _streamEnd(end + extra, 0);
        uint256 atExtension = pool.totalAssets();
        // Two ceils (extension premium, unearned premium) can leave one wei with the depositors.
        assertGe(atExtension, before, "an extension never lowers totalAssets");
        assertLe(atExtension, before + 1, "an extension raises totalAssets by at most a rounding wei");
        assertEq(manager.cover(id).end, end + extra, "new end");

        // Now the stream carries (old unearned + extension premium) from t1 to se, to within a wei each.
        uint256 rate = manager.cover(id).rateScaled;
        uint256 carried = manager.unearnedPremium();
        assertLe(carried, unearnedBefore + extPremium, "the new stream carries at most unearned + extension premium");
        assertGe(carried + 2, unearnedBefore + extPremium, "... and at least that less two rounding wei");
        vm.warp(t1 + bound(after_, 0, se - t1 + 1 days));
        uint256 t = vm.getBlockTimestamp() < se ? vm.getBlockTimestamp() : se;
        uint256 earnedScaled = (pool.totalAssets() - atExtension) * 1e6;
        uint256 exact = rate * (t - t1);
        assertLt(earnedScaled, exact + 1e6, "earned since the extension < stream + 1 wei");
        assertLt(exact, earnedScaled + 1e6, "earned since the extension > stream - 1 wei");
    }

    /// @notice A cancellation refunds floor(unearned) minus a 10% fee (rounded up); the fee and the
    /// sub-wei rest stay with the depositors, so totalAssets rises by fee..fee + 1.
    function testFuzz_cancelCover_refundsUnearnedMinusFee(uint256 amount, uint256 period, uint256 wait) public {
        amount = bound(amount, 1, MAX_COVER);
        period = bound(period, MIN_PERIOD, MAX_PERIOD);
        uint256 t0 = vm.getBlockTimestamp();
        (uint256 id, uint256 premium) = buy(alice, amount, period);
        uint256 rate = manager.cover(id).rateScaled;
        uint256 se = _streamEnd(t0, period);
        vm.warp(vm.getBlockTimestamp() + bound(wait, 0, period - 1));

        uint256 unearned = rate * (se - vm.getBlockTimestamp()) / 1e6;
        uint256 fee = Math.mulDiv(unearned, CANCEL_FEE, 1e18, Math.Rounding.Ceil);
        uint256 before = pool.totalAssets();
        uint256 balanceBefore = usdc.balanceOf(alice);
        vm.prank(alice);
        uint256 refund = manager.cancelCover(id, 0);
        assertEq(refund, unearned - fee, "refund = floor(unearned) - ceil(10%)");
        assertEq(usdc.balanceOf(alice) - balanceBefore, refund, "refund received");
        assertLe(refund, premium, "refund <= premium");
        uint256 gain = pool.totalAssets() - before;
        assertGe(gain, fee, "the fee stays with depositors");
        assertLe(gain, fee + 1, "and at most the sub-wei remainder besides");
        assertEq(manager.activeCover(), 0, "cancelled cover is no longer active");
        assertEq(manager.unearnedPremium(), 0, "no unearned premium left");
    }

    /// @notice The stream rate stored with a cover is the one the ledger streams, or the purchase is
    /// refused (as extendCover refuses a rate above uint96).
    /// @dev Cover.rateScaled is a uint96, the ledger's rate a uint104, and buyCover casts the cover's rate
    /// with `uint96(rateScaled)` unchecked. With every governance bound at its maximum (base rate 1000%,
    /// slopes 10x, leverage and cap 10x) a one-day cover taking utilization from 0 to 100% prices at
    /// 0.164 x amount and streams ~1.27 x amount per second (x 1e6): above 2^96 from ~6.2e28 units, within
    /// maxCoverAmount (<= 2^96 - 1). That needs capital of ~7e27 units: absurd for USDC, ~7 billion tokens
    /// of an 18-decimal asset.
    function test_buyCover_storesItsStreamRateExactly() public {
        vm.startPrank(admin);
        manager.setPoolParams(
            PoolParams({leverageWad: 10e18, curve: UtilizationCurve({kinkWad: 0.8e18, slope1Wad: 10e18, slope2Wad: 10e18})})
        );
        ProductParams memory p = defaultProductParams();
        p.baseRateWad = 10e18;
        p.capWad = 10e18;
        p.maxCoverAmount = type(uint96).max;
        uint256 pid = manager.listProduct(p);
        vm.stopPrank();

        uint256 capital = 7e27;
        deal(address(usdc), lp2, capital);
        deposit(lp2, capital);
        uint256 amount = pool.totalAssets() * 10; // the whole capacity: utilization 0 -> 100%
        deal(address(usdc), alice, 1e29);
        vm.prank(alice);
        (bool ok, bytes memory ret) = address(manager).call(
            abi.encodeCall(
                manager.buyCover,
                (
                    BuyCoverParams({
                        productId: pid,
                        riskKey: bytes32(0),
                        amount: amount,
                        period: 1 days,
                        maxPremium: type(uint256).max,
                        recipient: alice
                    })
                )
            )
        );
        if (!ok) return; // refusing the purchase is fine
        (uint256 id, uint256 premium) = abi.decode(ret, (uint256, uint256));
        uint256 streamLength = _streamEnd(vm.getBlockTimestamp(), 1 days) - vm.getBlockTimestamp();
        uint256 storedTotal = Math.ceilDiv(uint256(manager.cover(id).rateScaled) * streamLength, 1e6);
        assertEq(manager.unearnedPremium(), premium, "the ledger streams the whole premium");
        assertEq(storedTotal, premium, "the cover's stored rate streams its premium");
    }
}
