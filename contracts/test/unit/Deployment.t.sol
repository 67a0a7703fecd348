// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UnitBase} from "./UnitBase.sol";
import {CoverManager} from "../../src/cover/CoverManager.sol";
import {CoverPool} from "../../src/pool/CoverPool.sol";
import {ICoverManager, CoverManagerConfig} from "../../src/interfaces/ICoverManager.sol";
import {ICoverPool} from "../../src/interfaces/ICoverPool.sol";

contract DeploymentTest is UnitBase {
    function _outOfRange(string memory name, uint256 value, uint256 min, uint256 max)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(ICoverManager.ParameterOutOfRange.selector, name, value, min, max);
    }

    function test_constructor_deploysPoolAndGrantsRoles() public {
        address expected = vm.computeCreateAddress(address(this), vm.getNonce(address(this)));
        vm.expectEmit(true, true, true, true, expected);
        emit ICoverManager.PoolParamsSet(defaultPoolParams());
        vm.expectEmit(true, true, true, true, expected);
        emit ICoverManager.CancelFeeSet(CANCEL_FEE);
        vm.expectEmit(true, true, true, true, expected);
        emit ICoverManager.GuardianPauseLimitSet(PAUSE_LIMIT);
        CoverManager m = new CoverManager(defaultConfig());
        assertEq(address(m), expected, "deployed where expected");

        CoverPool p = CoverPool(m.pool());
        assertEq(p.manager(), address(m), "the pool's manager is its deployer");
        assertEq(p.asset(), address(usdc), "pool asset");
        assertEq(m.asset(), address(usdc), "manager asset");
        assertEq(p.name(), "Bulwark USDC Pool", "share name");
        assertEq(p.symbol(), "bwUSDC", "share symbol");
        assertEq(p.cooldown(), COOLDOWN, "cooldown");
        assertEq(p.executionWindow(), WINDOW, "window");
        assertTrue(m.hasRole(DEFAULT_ADMIN_ROLE, admin), "manager admin");
        assertTrue(p.hasRole(DEFAULT_ADMIN_ROLE, admin), "pool admin");
        assertTrue(m.hasRole(GUARDIAN_ROLE, guardian), "guardian");
        assertFalse(m.hasRole(DEFAULT_ADMIN_ROLE, address(this)), "deployer holds no role");
        assertEq(m.productCount(), 0, "no products");
        assertEq(m.activeCover(), 0, "no cover");
        assertEq(m.cancelFeeWad(), CANCEL_FEE, "fee");
        assertEq(m.guardianPauseLimit(), PAUSE_LIMIT, "pause limit");
    }

    function test_constructor_withoutGuardian() public {
        CoverManagerConfig memory c = defaultConfig();
        c.guardian = address(0);
        CoverManager m = new CoverManager(c);
        assertFalse(m.hasRole(GUARDIAN_ROLE, address(0)), "no guardian role for the zero address");
    }

    function test_constructor_revertsWhen_AdminZero() public {
        CoverManagerConfig memory c = defaultConfig();
        c.admin = address(0);
        vm.expectRevert(ICoverManager.ZeroAddress.selector);
        new CoverManager(c);
    }

    function test_constructor_revertsWhen_AssetZero() public {
        CoverManagerConfig memory c = defaultConfig();
        c.asset = address(0);
        vm.expectRevert(ICoverManager.ZeroAddress.selector);
        new CoverManager(c);
    }

    function test_constructor_revertsWhen_LeverageOutOfRange() public {
        CoverManagerConfig memory c = defaultConfig();
        c.pool.leverageWad = 0;
        vm.expectRevert(_outOfRange("leverageWad", 0, 1e12, 10e18));
        new CoverManager(c);
    }

    function test_constructor_revertsWhen_CancelFeeOutOfRange() public {
        CoverManagerConfig memory c = defaultConfig();
        c.cancelFeeWad = 0.25e18 + 1;
        vm.expectRevert(_outOfRange("cancelFeeWad", 0.25e18 + 1, 0, 0.25e18));
        new CoverManager(c);
    }

    function test_constructor_revertsWhen_PauseLimitOutOfRange() public {
        CoverManagerConfig memory c = defaultConfig();
        c.guardianPauseLimit = 14 days + 1;
        vm.expectRevert(_outOfRange("guardianPauseLimit", 14 days + 1, 0, 14 days));
        new CoverManager(c);
    }

    function test_constructor_revertsWhen_CooldownOutOfRange() public {
        CoverManagerConfig memory c = defaultConfig();
        c.cooldown = 0;
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.ParameterOutOfRange.selector, "cooldown", 0, 1 days, 90 days)
        );
        new CoverManager(c);
    }

    function test_constructor_revertsWhen_WindowOutOfRange() public {
        CoverManagerConfig memory c = defaultConfig();
        c.window = 31 days;
        vm.expectRevert(
            abi.encodeWithSelector(ICoverPool.ParameterOutOfRange.selector, "window", 31 days, 1 days, 30 days)
        );
        new CoverManager(c);
    }
}
