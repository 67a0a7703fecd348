// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {BaseTest} from "../utils/BaseTest.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";

/// @notice A depositor who learns of an incident tries to leave before the loss is paid, or to take out
/// capital that active cover needs.
contract WithdrawBeforeLossTest is BaseTest {
    uint256 internal coverId;
    uint256 internal lp2Shares;
    uint256 internal t0;

    function setUp() public override {
        super.setUp();
        t0 = vm.getBlockTimestamp();
        lp2Shares = deposit(lp2, 1_000_000e6);
        (coverId,) = buy(alice, 1_000_000e6, 90 days);
    }

    function _openClaim() internal {
        vm.prank(route);
        manager.openIncident(productId);
    }

    function _closeClaim() internal {
        vm.prank(route);
        manager.closeIncident(productId);
    }

    /// @notice lp2's request matured; the route opens a claim for an incident before lp2 acts: its exit
    /// is frozen until the claim closes, and the payout then lands on its shares pro rata.
    function test_redeem_frozenUntilClaimClosesThenBearsLoss() public {
        vm.prank(lp2);
        pool.requestWithdraw(lp2Shares);
        vm.warp(t0 + 3 days);
        uint256 incident = vm.getBlockTimestamp();
        _openClaim();
        vm.warp(t0 + COOLDOWN + 1 hours);

        assertEq(pool.freeCapital(), 0, "no free capital while a claim is open");
        assertEq(pool.maxRedeem(lp2), 0, "maxRedeem is 0 while frozen");
        assertEq(pool.maxWithdraw(lp2), 0, "maxWithdraw is 0 while frozen");
        vm.startPrank(lp2);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalsFrozen.selector, 1));
        pool.redeem(lp2Shares, lp2, lp2);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalsFrozen.selector, 1));
        pool.withdraw(1e6, lp2, lp2);
        vm.stopPrank();

        uint256 loss = 400_000e6;
        uint256 valueBefore = pool.previewRedeem(lp2Shares);
        uint256 lp1Before = pool.previewRedeem(pool.balanceOf(lp1));
        uint256 virtualSupply = pool.totalSupply() + 1e6;
        vm.prank(route);
        manager.payout(coverId, loss, incident, false);
        _closeClaim();

        vm.prank(lp2);
        uint256 out = pool.redeem(lp2Shares, lp2, lp2);
        uint256 share = Math.mulDiv(loss, lp2Shares, virtualSupply);
        assertApproxEqAbs(valueBefore - out, share, 2, "lp2 bears the payout pro rata to its shares");
        assertApproxEqAbs(
            lp1Before - pool.previewRedeem(pool.balanceOf(lp1)),
            Math.mulDiv(loss, pool.balanceOf(lp1), virtualSupply),
            2,
            "and so does lp1"
        );
    }

    /// @notice Requesting the exit only once the incident is known does not beat a claim opened within
    /// the cooldown; if the claim outlasts the execution window, the request expires and a new one
    /// starts a new cooldown.
    function test_requestWithdraw_afterIncidentStaysFrozenAndExpires() public {
        vm.warp(t0 + 5 days);
        vm.prank(lp2);
        pool.requestWithdraw(lp2Shares); // lp2 saw the incident
        uint256 requested = vm.getBlockTimestamp();
        vm.warp(requested + 1 days);
        _openClaim();

        vm.warp(requested + COOLDOWN);
        vm.prank(lp2);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalsFrozen.selector, 1));
        pool.redeem(lp2Shares, lp2, lp2);

        vm.warp(requested + COOLDOWN + WINDOW + 1);
        _closeClaim();
        vm.prank(lp2);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.WithdrawalWindowClosed.selector, lp2, requested + COOLDOWN + WINDOW)
        );
        pool.redeem(lp2Shares, lp2, lp2);
        assertEq(pool.maxRedeem(lp2), 0, "an expired request cannot exit");
    }

    /// @notice Requested shares cannot be moved to another address to dodge the freeze or the loss.
    function test_transfer_requestedSharesCannotMove() public {
        vm.prank(lp2);
        pool.requestWithdraw(lp2Shares);
        _openClaim();
        vm.prank(lp2);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.SharesLocked.selector, lp2, 1, lp2Shares, lp2Shares));
        pool.transfer(bob, 1);
    }

    /// @notice A reservation for accepted claims leaves totalAssets at once: an exit after it gets the
    /// post-loss price, and paying from the reservation later changes nothing more.
    function test_reservePayout_lossLandsBeforeExit() public {
        vm.prank(lp2);
        pool.requestWithdraw(lp2Shares);
        vm.warp(t0 + 3 days);
        uint256 incident = vm.getBlockTimestamp();
        uint256 before = pool.totalAssets();
        vm.prank(route);
        manager.reservePayout(productId, 300_000e6);
        assertEq(pool.totalAssets(), before - 300_000e6, "the reservation leaves totalAssets at once");

        vm.warp(t0 + COOLDOWN);
        uint256 expected = pool.previewRedeem(lp2Shares);
        uint256 virtualSupply = pool.totalSupply() + 1e6;
        vm.prank(lp2);
        uint256 out = pool.redeem(lp2Shares, lp2, lp2);
        assertEq(out, expected, "exit at the post-reservation price");
        assertLe(out, Math.mulDiv(pool.totalAssets() + out + 1, lp2Shares, virtualSupply), "no more than its share");

        uint256 lp1Value = pool.previewRedeem(pool.balanceOf(lp1));
        vm.prank(route);
        manager.payout(coverId, 300_000e6, incident, true);
        assertEq(pool.previewRedeem(pool.balanceOf(lp1)), lp1Value, "paying from the reservation moves no price");
    }

    /// @notice Exits cannot take capital below activeCover / leverage: once lp2 has left, lp1's full exit
    /// reverts naming what can leave; exactly that can leave; then nothing more.
    function test_withdraw_cannotExitBelowRequiredCapital() public {
        uint256 lp1Shares = pool.balanceOf(lp1);
        vm.prank(lp1);
        pool.requestWithdraw(lp1Shares);
        vm.prank(lp2);
        pool.requestWithdraw(lp2Shares);
        buy(bob, 1_000_000e6, 90 days); // 2M active on 2M capital: 1M required
        vm.warp(t0 + COOLDOWN);
        assertEq(manager.requiredCapital(), 1_000_000e6, "active cover / leverage");

        vm.prank(lp2);
        pool.redeem(lp2Shares, lp2, lp2); // about 1M of the ~1M free

        uint256 free = pool.freeCapital();
        assertEq(free, pool.totalAssets() - manager.requiredCapital(), "free capital = totalAssets - required");
        uint256 all = pool.previewRedeem(lp1Shares);
        assertGt(all, free, "lp1's whole balance is more than is free");
        vm.prank(lp1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.CapitalRequiredByCover.selector, all, free));
        pool.redeem(lp1Shares, lp1, lp1);

        assertEq(pool.maxWithdraw(lp1), free, "maxWithdraw is the free capital");
        vm.prank(lp1);
        pool.withdraw(free, lp1, lp1);
        assertGe(pool.totalAssets(), manager.requiredCapital(), "capital still covers the requirement");
        assertEq(pool.freeCapital(), 0, "nothing is free any more");
        assertEq(pool.maxWithdraw(lp1), 0, "so nothing more can leave");
        vm.prank(lp1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.CapitalRequiredByCover.selector, 1, 0));
        pool.withdraw(1, lp1, lp1);
    }

    function testFuzz_withdraw_neverBelowRequiredCapital(
        uint256 coverAmount,
        uint256 period,
        uint256 lp2Exit,
        uint256 lp1Exit
    ) public {
        coverAmount = bound(coverAmount, 1, MAX_COVER);
        period = bound(period, MIN_PERIOD, MAX_PERIOD);
        buy(bob, coverAmount, period); // up to 2M active on 2M capital
        uint256 lp1Shares = pool.balanceOf(lp1);
        vm.prank(lp1);
        pool.requestWithdraw(lp1Shares);
        vm.prank(lp2);
        pool.requestWithdraw(lp2Shares);
        vm.warp(t0 + COOLDOWN);

        // lp2 takes part or all of what it may, then lp1 asks for any part of its balance.
        uint256 maxShares = pool.maxRedeem(lp2);
        assertGt(maxShares, 0, "lp2 can take something: required capital is at most half");
        vm.prank(lp2);
        pool.redeem(bound(lp2Exit, 1, maxShares), lp2, lp2);
        assertGe(pool.totalAssets(), manager.requiredCapital(), "lp2's exit kept the required capital");

        uint256 free = pool.freeCapital();
        lp1Exit = bound(lp1Exit, 1, pool.previewRedeem(lp1Shares));
        vm.prank(lp1);
        if (lp1Exit > free) {
            vm.expectRevert(abi.encodeWithSelector(ICoverPool.CapitalRequiredByCover.selector, lp1Exit, free));
        }
        pool.withdraw(lp1Exit, lp1, lp1);
        assertGe(pool.totalAssets(), manager.requiredCapital(), "exits never go below the required capital");
    }
}
