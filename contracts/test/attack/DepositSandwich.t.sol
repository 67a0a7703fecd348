// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";

/// @notice Sandwiching a large premium: deposit just before a purchase, request the exit right after.
/// @dev A purchase adds nothing to totalAssets (the premium is unearned), and the exit waits for the
/// cooldown. The attacker's gain is bounded by its share of the premium streamed while it waited:
///     value at exit <= s x (A0 + E + 1) / (S + 1e6), with s x (A0 + 1) / (S + 1e6) <= x (its deposit, rounded
///     for the pool), so gain <= s x E / (S + 1e6) <= s x E / S,
/// where E, the rise of totalAssets, is at most ceil(rate x elapsed / 1e6) (the premium streamed), and
/// elapsed (>= the 7-day cooldown) is a small part of the stream for long covers.
contract DepositSandwichTest is BaseTest {
    address internal attacker = makeAddr("attacker");

    function setUp() public override {
        super.setUp();
        vm.prank(attacker);
        usdc.approve(address(pool), type(uint256).max);
    }

    function _fund(address to, uint256 amount) internal {
        while (amount != 0) {
            uint256 part = amount > 1_000_000e6 ? 1_000_000e6 : amount;
            usdc.faucet(to, part);
            amount -= part;
        }
    }

    /// @return gain What the attacker made.
    /// @return bound_ Its pro-rata share of the premium streamed between its deposit and its exit.
    /// @return premium The premium of the sandwiched purchase.
    function _sandwich(uint256 x, uint256 amount, uint256 period, uint256 delay)
        internal
        returns (uint256 gain, uint256 bound_, uint256 premium)
    {
        uint256 t0 = vm.getBlockTimestamp();
        _fund(attacker, x);
        vm.prank(attacker);
        uint256 shares = pool.deposit(x, attacker);

        uint256 id;
        (id, premium) = buy(alice, amount, period);
        assertLe(pool.previewRedeem(shares), x, "no jump: the purchase adds nothing to the attacker's shares");
        vm.prank(attacker);
        pool.requestWithdraw(shares);

        // The earliest exit is the cooldown's end.
        vm.prank(attacker);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalCoolingDown.selector, attacker, t0 + COOLDOWN));
        pool.redeem(shares, attacker, attacker);

        vm.warp(t0 + COOLDOWN + delay);
        uint256 streamEnd = Math.ceilDiv(t0 + period, 1 days) * 1 days;
        uint256 upTo = vm.getBlockTimestamp() < streamEnd ? vm.getBlockTimestamp() : streamEnd;
        uint256 streamed = Math.ceilDiv(manager.cover(id).rateScaled * (upTo - t0), 1e6);
        assertLe(streamed, Math.mulDiv(premium, upTo - t0, streamEnd - t0) + 1, "streamed <= linear share of the premium + 1");
        bound_ = Math.mulDiv(shares, streamed, pool.totalSupply());

        assertEq(pool.maxRedeem(attacker), shares, "the attacker can leave in full");
        vm.prank(attacker);
        uint256 out = pool.redeem(shares, attacker, attacker);
        gain = out > x ? out - x : 0;
    }

    function testFuzz_deposit_sandwichEarnsAtMostStreamedShare(
        uint256 x,
        uint256 amount,
        uint256 period,
        uint256 delay
    ) public {
        x = bound(x, 1e6, 5_000_000e6);
        amount = bound(amount, 1e6, MAX_COVER);
        period = bound(period, MIN_PERIOD, MAX_PERIOD);
        delay = bound(delay, 0, WINDOW);
        (uint256 gain, uint256 bound_,) = _sandwich(x, amount, period, delay);
        assertLe(gain, bound_, "gain <= pro-rata share of the premium streamed during the wait");
    }

    /// @notice A year-long 1M cover sandwiched with an equal deposit: the attacker, with half the shares,
    /// takes about half of 7/365 of the premium, not half of the premium.
    function test_deposit_sandwichOfOneYearCover() public {
        (uint256 gain, uint256 bound_, uint256 premium) = _sandwich(1_000_000e6, 1_000_000e6, 365 days, 0);
        assertLe(gain, bound_, "gain <= pro-rata share of the streamed premium");
        assertGt(gain, 0, "the attacker does earn its share of what streamed during the cooldown");
        assertLt(gain, premium / 50, "but no jump: under 2% of the premium (recognized at once, half would be 50%)");
    }
}
