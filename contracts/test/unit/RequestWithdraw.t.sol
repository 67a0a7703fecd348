// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UnitBase} from "./UnitBase.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";

contract RequestWithdrawTest is UnitBase {
    uint256 internal constant LP1_SHARES = INITIAL_CAPITAL * 1e6;

    function test_requestWithdraw_recordsRequestAndEmits() public {
        vm.expectEmit(true, true, true, true, address(pool));
        emit ICoverPool.WithdrawalRequested(lp1, 1e17, T0 + COOLDOWN, T0 + COOLDOWN + WINDOW);
        _requestWithdraw(lp1, 1e17);
        ICoverPool.WithdrawalRequest memory r = pool.withdrawalRequest(lp1);
        assertEq(r.shares, 1e17, "requested shares");
        assertEq(r.unlocksAt, T0 + COOLDOWN, "unlocks after the cooldown");
        assertEq(r.expiresAt, T0 + COOLDOWN + WINDOW, "expires after the window");
        assertEq(pool.balanceOf(lp1), LP1_SHARES, "shares stay with the owner");
    }

    function test_requestWithdraw_replacesEarlierRequest() public {
        _requestWithdraw(lp1, 1e17);
        vm.warp(T0 + 2 days);
        vm.expectEmit(true, true, true, true, address(pool));
        emit ICoverPool.WithdrawalRequested(lp1, 3e17, T0 + 2 days + COOLDOWN, T0 + 2 days + COOLDOWN + WINDOW);
        _requestWithdraw(lp1, 3e17);
        ICoverPool.WithdrawalRequest memory r = pool.withdrawalRequest(lp1);
        assertEq(r.shares, 3e17, "new amount");
        assertEq(r.unlocksAt, T0 + 2 days + COOLDOWN, "cooldown restarted");
    }

    function test_requestWithdraw_wholeBalance() public {
        _requestWithdraw(lp1, LP1_SHARES);
        assertEq(pool.withdrawalRequest(lp1).shares, LP1_SHARES, "whole balance requested");
    }

    function test_requestWithdraw_allowedWhileClaimsOpen() public {
        _openClaim();
        _requestWithdraw(lp1, 1e17);
        assertEq(pool.withdrawalRequest(lp1).shares, 1e17, "requests are accepted; execution waits");
    }

    function test_requestWithdraw_usesCurrentWithdrawalParams() public {
        vm.prank(admin);
        pool.setWithdrawalParams(2 days, 1 days);
        _requestWithdraw(lp1, 1e17);
        ICoverPool.WithdrawalRequest memory r = pool.withdrawalRequest(lp1);
        assertEq(r.unlocksAt, T0 + 2 days, "new cooldown");
        assertEq(r.expiresAt, T0 + 3 days, "new window");
    }

    function test_requestWithdraw_revertsWhen_ZeroShares() public {
        vm.expectRevert(ICoverPool.ZeroShares.selector);
        _requestWithdraw(lp1, 0);
    }

    function test_requestWithdraw_revertsWhen_InsufficientShares() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.InsufficientShares.selector, lp1, LP1_SHARES + 1, LP1_SHARES)
        );
        _requestWithdraw(lp1, LP1_SHARES + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.InsufficientShares.selector, bob, 1, 0));
        _requestWithdraw(bob, 1);
    }

    // ---------------------------------------------------------------- locked shares

    function test_requestWithdraw_locksRequestedShares() public {
        _requestWithdraw(lp1, 6e17);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.SharesLocked.selector, lp1, 5e17, 6e17, LP1_SHARES));
        vm.prank(lp1);
        pool.transfer(lp2, 5e17);

        vm.prank(lp1);
        pool.transfer(lp2, 4e17); // the unlocked part moves
        assertEq(pool.balanceOf(lp2), 4e17, "unlocked shares transferred");
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.SharesLocked.selector, lp1, 1, 6e17, 6e17));
        vm.prank(lp1);
        pool.transfer(lp2, 1);
    }

    function test_requestWithdraw_locksAgainstTransferFrom() public {
        _requestWithdraw(lp1, LP1_SHARES);
        vm.prank(lp1);
        pool.approve(bob, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.SharesLocked.selector, lp1, 1, LP1_SHARES, LP1_SHARES));
        vm.prank(bob);
        pool.transferFrom(lp1, bob, 1);
    }

    function test_requestWithdraw_sharesStayLockedAfterWindow() public {
        _requestWithdraw(lp1, LP1_SHARES);
        vm.warp(T0 + COOLDOWN + WINDOW + 1);
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.SharesLocked.selector, lp1, 1, LP1_SHARES, LP1_SHARES));
        vm.prank(lp1);
        pool.transfer(lp2, 1);
    }

    // ---------------------------------------------------------------- cancelWithdrawRequest

    function test_cancelWithdrawRequest_unlocksShares() public {
        _requestWithdraw(lp1, LP1_SHARES);
        vm.expectEmit(true, true, true, true, address(pool));
        emit ICoverPool.WithdrawalRequestCancelled(lp1, LP1_SHARES);
        vm.prank(lp1);
        pool.cancelWithdrawRequest();
        ICoverPool.WithdrawalRequest memory r = pool.withdrawalRequest(lp1);
        assertEq(r.shares, 0, "request cleared");
        assertEq(r.unlocksAt, 0, "unlock cleared");
        assertEq(r.expiresAt, 0, "expiry cleared");
        vm.prank(lp1);
        pool.transfer(lp2, LP1_SHARES);
        assertEq(pool.balanceOf(lp2), LP1_SHARES, "shares transferable again");
    }

    function test_cancelWithdrawRequest_revertsWhen_NoWithdrawalRequest() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverPool.NoWithdrawalRequest.selector, lp1));
        vm.prank(lp1);
        pool.cancelWithdrawRequest();
    }
}
