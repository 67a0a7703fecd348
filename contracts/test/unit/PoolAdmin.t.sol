// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";

contract PoolAdminTest is UnitBase {
    function test_pool_initialConfiguration() public view {
        assertEq(pool.manager(), address(manager), "manager");
        assertEq(pool.cooldown(), COOLDOWN, "cooldown");
        assertEq(pool.executionWindow(), WINDOW, "window");
        assertTrue(pool.hasRole(DEFAULT_ADMIN_ROLE, admin), "admin role");
        assertFalse(pool.hasRole(DEFAULT_ADMIN_ROLE, address(manager)), "the manager is no admin");
        assertTrue(pool.supportsInterface(type(ICoverPool).interfaceId), "ICoverPool");
        assertTrue(pool.supportsInterface(type(IAccessControl).interfaceId), "IAccessControl");
        assertTrue(pool.supportsInterface(type(IERC165).interfaceId), "IERC165");
        assertFalse(pool.supportsInterface(0xffffffff), "invalid id");
    }

    function test_setWithdrawalParams_setsAndEmits() public {
        vm.expectEmit(true, true, true, true, address(pool));
        emit ICoverPool.WithdrawalParamsSet(14 days, 2 days);
        vm.prank(admin);
        pool.setWithdrawalParams(14 days, 2 days);
        assertEq(pool.cooldown(), 14 days, "cooldown");
        assertEq(pool.executionWindow(), 2 days, "window");
    }

    function test_setWithdrawalParams_acceptsBounds() public {
        vm.startPrank(admin);
        pool.setWithdrawalParams(1 days, 1 days);
        assertEq(pool.cooldown(), 1 days, "min cooldown");
        assertEq(pool.executionWindow(), 1 days, "min window");
        pool.setWithdrawalParams(90 days, 30 days);
        vm.stopPrank();
        assertEq(pool.cooldown(), 90 days, "max cooldown");
        assertEq(pool.executionWindow(), 30 days, "max window");
    }

    function test_setWithdrawalParams_leavesExistingRequests() public {
        _requestWithdraw(lp1, 1e17);
        vm.prank(admin);
        pool.setWithdrawalParams(30 days, 5 days);
        assertEq(pool.withdrawalRequest(lp1).unlocksAt, T0 + COOLDOWN, "existing request keeps its times");
    }

    function test_setWithdrawalParams_revertsWhen_CooldownOutOfRange() public {
        vm.startPrank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.ParameterOutOfRange.selector, "cooldown", 1 days - 1, 1 days, 90 days)
        );
        pool.setWithdrawalParams(1 days - 1, 3 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.ParameterOutOfRange.selector, "cooldown", 90 days + 1, 1 days, 90 days)
        );
        pool.setWithdrawalParams(90 days + 1, 3 days);
        vm.stopPrank();
    }

    function test_setWithdrawalParams_revertsWhen_WindowOutOfRange() public {
        vm.startPrank(admin);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.ParameterOutOfRange.selector, "window", 1 days - 1, 1 days, 30 days)
        );
        pool.setWithdrawalParams(7 days, 1 days - 1);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.ParameterOutOfRange.selector, "window", 30 days + 1, 1 days, 30 days)
        );
        pool.setWithdrawalParams(7 days, 30 days + 1);
        vm.stopPrank();
    }

    function test_setWithdrawalParams_revertsWhen_NotAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, DEFAULT_ADMIN_ROLE)
        );
        vm.prank(bob);
        pool.setWithdrawalParams(7 days, 3 days);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        vm.prank(guardian);
        pool.setWithdrawalParams(7 days, 3 days);
    }

    function test_pool_onlyTheManagerMayMoveItsAssets() public view {
        // ICoverPool: besides exits, only the CoverManager moves assets out (approved at deployment).
        assertEq(usdc.allowance(address(pool), address(manager)), type(uint256).max, "manager approved");
        assertEq(usdc.allowance(address(pool), admin), 0, "admin not approved");
        assertEq(usdc.allowance(address(pool), guardian), 0, "guardian not approved");
        assertEq(usdc.allowance(address(pool), route), 0, "claim route not approved");
    }
}
