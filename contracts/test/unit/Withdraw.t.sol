// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";

contract WithdrawTest is UnitBase {
    uint256 internal constant LP2_ASSETS = 500_000e6;
    uint256 internal constant LP2_SHARES = LP2_ASSETS * 1e6;
    uint256 internal constant UNLOCK = T0 + COOLDOWN;
    uint256 internal constant EXPIRY = T0 + COOLDOWN + WINDOW;

    function setUp() public override {
        super.setUp();
        deposit(lp2, LP2_ASSETS);
    }

    function _withdraw(address owner, uint256 assets) internal returns (uint256) {
        vm.prank(owner);
        return pool.withdraw(assets, owner, owner);
    }

    function _redeem(address owner, uint256 shares) internal returns (uint256) {
        vm.prank(owner);
        return pool.redeem(shares, owner, owner);
    }

    // ---------------------------------------------------------------- happy paths

    function test_withdraw_afterCooldownPaysAndClearsRequest() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK);
        assertEq(pool.maxWithdraw(lp2), LP2_ASSETS, "whole deposit withdrawable");
        uint256 before = usdc.balanceOf(lp2);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IERC4626.Withdraw(lp2, lp2, lp2, LP2_ASSETS, LP2_SHARES);
        assertEq(_withdraw(lp2, LP2_ASSETS), LP2_SHARES, "shares burnt");
        assertEq(usdc.balanceOf(lp2), before + LP2_ASSETS, "assets paid");
        assertEq(pool.balanceOf(lp2), 0, "no shares left");
        assertEq(pool.withdrawalRequest(lp2).shares, 0, "request cleared");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "lp1's capital stays");
    }

    function test_redeem_afterCooldownPaysAndClearsRequest() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK);
        assertEq(pool.maxRedeem(lp2), LP2_SHARES, "all requested shares redeemable");
        uint256 before = usdc.balanceOf(lp2);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IERC4626.Withdraw(lp2, lp2, lp2, LP2_ASSETS, LP2_SHARES);
        assertEq(_redeem(lp2, LP2_SHARES), LP2_ASSETS, "assets returned");
        assertEq(usdc.balanceOf(lp2), before + LP2_ASSETS, "assets paid");
        assertEq(pool.withdrawalRequest(lp2).shares, 0, "request cleared");
    }

    function test_withdraw_partialKeepsRestOfRequestLocked() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK + 1 days);
        assertEq(_withdraw(lp2, 200_000e6), 2e17, "shares for 200,000");
        ICoverPool.WithdrawalRequest memory r = pool.withdrawalRequest(lp2);
        assertEq(r.shares, 3e17, "rest of the request");
        assertEq(r.expiresAt, EXPIRY, "same window");
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.SharesLocked.selector, lp2, 1, 3e17, 3e17));
        vm.prank(lp2);
        pool.transfer(lp1, 1);
        vm.warp(EXPIRY);
        assertEq(_redeem(lp2, 3e17), 300_000e6, "rest redeemed at the last second of the window");
        assertEq(pool.withdrawalRequest(lp2).shares, 0, "request cleared");
    }

    function test_withdraw_partOfBalanceLeavesOtherSharesFree() public {
        _requestWithdraw(lp2, 1e17);
        vm.warp(UNLOCK);
        _redeem(lp2, 1e17);
        assertEq(pool.balanceOf(lp2), 4e17, "unrequested shares kept");
        vm.prank(lp2);
        pool.transfer(lp1, 4e17);
        assertEq(pool.balanceOf(lp2), 0, "unrequested shares transferable");
    }

    function test_withdraw_bySpenderToOtherReceiver() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.prank(lp2);
        pool.approve(bob, LP2_SHARES);
        vm.warp(UNLOCK);
        uint256 bobBefore = usdc.balanceOf(bob);
        vm.prank(bob);
        pool.withdraw(100_000e6, bob, lp2);
        assertEq(usdc.balanceOf(bob), bobBefore + 100_000e6, "receiver paid");
        assertEq(pool.allowance(lp2, bob), LP2_SHARES - 1e17, "allowance spent");
        assertEq(pool.withdrawalRequest(lp2).shares, 4e17, "owner's request reduced");
    }

    function test_withdraw_requestedSharesBearLosses() public {
        (uint256 coverId,) = _buyReference();
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(T0 + 2 days);
        vm.prank(route);
        manager.payout(coverId, 10_000e6, T0 + 1 days, false);
        vm.warp(UNLOCK);
        uint256 expected = pool.previewRedeem(LP2_SHARES);
        assertLt(expected, LP2_ASSETS, "requested shares share the loss");
        assertEq(pool.maxWithdraw(lp2), expected, "maxWithdraw = value of the requested shares");
        assertEq(_redeem(lp2, LP2_SHARES), expected, "redeemed at the lower price");
    }

    function test_withdraw_newRequestAfterWindowClosed() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(EXPIRY + 1);
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(EXPIRY + 1 + COOLDOWN);
        assertEq(_redeem(lp2, LP2_SHARES), LP2_ASSETS, "second request executes");
    }

    // ---------------------------------------------------------------- maxWithdraw / maxRedeem

    function test_maxWithdraw_zeroUnlessExecutable() public {
        assertEq(pool.maxWithdraw(lp2), 0, "no request");
        assertEq(pool.maxRedeem(lp2), 0, "no request");
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK - 1);
        assertEq(pool.maxWithdraw(lp2), 0, "cooling down");
        assertEq(pool.maxRedeem(lp2), 0, "cooling down");
        vm.warp(UNLOCK);
        assertEq(pool.maxWithdraw(lp2), LP2_ASSETS, "unlocked");
        assertEq(pool.maxRedeem(lp2), LP2_SHARES, "unlocked");
        _openClaim();
        assertEq(pool.maxWithdraw(lp2), 0, "frozen");
        assertEq(pool.maxRedeem(lp2), 0, "frozen");
        _closeClaim();
        vm.warp(EXPIRY);
        assertEq(pool.maxWithdraw(lp2), LP2_ASSETS, "last second of the window");
        vm.warp(EXPIRY + 1);
        assertEq(pool.maxWithdraw(lp2), 0, "window closed");
        assertEq(pool.maxRedeem(lp2), 0, "window closed");
    }

    function test_maxWithdraw_limitedByFreeCapital() public {
        buy(alice, 1_000_000e6, 30 days);
        buy(bob, 500_000e6, 30 days); // 1,500,000 of cover requires 750,000 of the 1,500,000 capital
        _requestWithdraw(lp1, INITIAL_CAPITAL * 1e6);
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK);
        uint256 free = pool.freeCapital();
        assertEq(free, pool.totalAssets() - manager.requiredCapital(), "free = totalAssets - required");
        assertEq(manager.requiredCapital(), 750_000e6, "required capital");
        uint256 max = pool.maxWithdraw(lp1);
        assertEq(max, free, "lp1's request is worth more than the free capital");

        vm.expectRevert(abi.encodeWithSelector(ICoverPool.CapitalRequiredByCover.selector, max + 1, free));
        _withdraw(lp1, max + 1);
        _withdraw(lp1, max);
        assertEq(pool.freeCapital(), 0, "no free capital left");
        assertEq(pool.maxWithdraw(lp2), 0, "nothing left for lp2");
        assertEq(pool.maxRedeem(lp2), 0, "nothing left for lp2");
        assertEq(pool.totalAssets(), manager.requiredCapital(), "capital left = required");
    }

    function test_maxRedeem_limitedByFreeCapital() public {
        buy(alice, 1_000_000e6, 30 days);
        buy(bob, 500_000e6, 30 days);
        _requestWithdraw(lp1, INITIAL_CAPITAL * 1e6);
        vm.warp(UNLOCK);
        uint256 max = pool.maxRedeem(lp1);
        assertEq(max, pool.convertToShares(pool.freeCapital()), "free capital in shares");
        assertLt(max, INITIAL_CAPITAL * 1e6, "less than requested");

        vm.expectRevert(abi.encodeWithSelector(ERC4626.ERC4626ExceededMaxRedeem.selector, lp1, max + 1, max));
        _redeem(lp1, max + 1);
        _redeem(lp1, max);
        assertGe(pool.totalAssets(), manager.requiredCapital(), "capital stays above the requirement");
        assertLe(pool.freeCapital(), 1, "at most one unit of rounding left free");
        assertEq(pool.maxRedeem(lp1), pool.convertToShares(pool.freeCapital()), "only that unit can follow");
    }

    function test_maxWithdraw_limitedByRequestedShares() public {
        (, uint256 premium) = _buyReference();
        vm.warp(BOUNDARY_10K_30D - COOLDOWN); // the request matures once the premium is earned
        _requestWithdraw(lp2, 1e17);
        vm.warp(BOUNDARY_10K_30D);
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + LP2_ASSETS + premium, "premium earned");
        uint256 max = pool.maxWithdraw(lp2);
        assertEq(max, pool.convertToAssets(1e17), "value of the requested shares");
        assertGt(max, 100_000e6, "above the deposit value: premium earned");
        uint256 sharesForMore = pool.previewWithdraw(max + 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.ExceedsRequestedShares.selector, lp2, sharesForMore, 1e17)
        );
        _withdraw(lp2, max + 1);
        uint256 burnt = _withdraw(lp2, max);
        assertLe(burnt, 1e17, "max burns at most the requested shares");
        assertGt(burnt + pool.previewWithdraw(1), 1e17, "and less than one asset unit below them");
        assertEq(pool.withdrawalRequest(lp2).shares, 1e17 - burnt, "request keeps the rounding remainder");
    }

    // ---------------------------------------------------------------- errors

    function test_withdraw_revertsWhen_NoWithdrawalRequest() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.NoWithdrawalRequest.selector, lp2));
        _withdraw(lp2, 1e6);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.NoWithdrawalRequest.selector, lp2));
        _redeem(lp2, 1e12);
    }

    function test_withdraw_revertsWhen_WithdrawalCoolingDown() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK - 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalCoolingDown.selector, lp2, UNLOCK));
        _withdraw(lp2, 1e6);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalCoolingDown.selector, lp2, UNLOCK));
        _redeem(lp2, 1e12);
    }

    function test_withdraw_revertsWhen_WithdrawalWindowClosed() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(EXPIRY + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalWindowClosed.selector, lp2, EXPIRY));
        _withdraw(lp2, 1e6);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalWindowClosed.selector, lp2, EXPIRY));
        _redeem(lp2, 1e12);
    }

    function test_withdraw_revertsWhen_ExceedsRequestedShares() public {
        _requestWithdraw(lp2, 1e17);
        vm.warp(UNLOCK);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.ExceedsRequestedShares.selector, lp2, 1e17 + 1, 1e17));
        _redeem(lp2, 1e17 + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.ExceedsRequestedShares.selector, lp2, 2e17, 1e17));
        _withdraw(lp2, 200_000e6);
    }

    function test_withdraw_revertsWhen_WithdrawalsFrozen() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK);
        _openClaim();
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalsFrozen.selector, 1));
        _withdraw(lp2, 1e6);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.WithdrawalsFrozen.selector, 1));
        _redeem(lp2, 1e12);
        _closeClaim();
        assertEq(_withdraw(lp2, 1e6), 1e12, "exits resume once the claim closes");
    }

    function test_withdraw_revertsWhen_CapitalRequiredByCover() public {
        buy(alice, 1_000_000e6, 30 days);
        vm.prank(route);
        manager.reservePayout(productId, 900_000e6); // capital ~600,000 for 500,000 required
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK);
        uint256 free = pool.freeCapital();
        assertLt(free, LP2_ASSETS, "less free capital than lp2's deposit");
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.CapitalRequiredByCover.selector, 150_000e6, free));
        _withdraw(lp2, 150_000e6);
        uint256 shares = 3e17; // worth about 120,000 at the lowered price
        uint256 assets = pool.previewRedeem(shares);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.CapitalRequiredByCover.selector, assets, free));
        _redeem(lp2, shares);
    }

    function test_withdraw_revertsWhen_SpenderHasNoAllowance() public {
        _requestWithdraw(lp2, LP2_SHARES);
        vm.warp(UNLOCK);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 0, 1e17));
        vm.prank(bob);
        pool.withdraw(100_000e6, bob, lp2);
    }
}
