// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager, PoolParams} from "../../src/interfaces/ICoverManager.sol";
import {UtilizationCurve} from "../../src/libraries/PricingLib.sol";

contract GovernanceTest is UnitBase {
    function _outOfRange(string memory name, uint256 value, uint256 min, uint256 max)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(ICoverManager.ParameterOutOfRange.selector, name, value, min, max);
    }

    function _unauthorized(address who) internal pure returns (bytes memory) {
        return abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, who, DEFAULT_ADMIN_ROLE);
    }

    function _setPoolParams(uint64 leverage, uint64 kink, uint64 slope1, uint64 slope2) internal {
        vm.prank(admin);
        manager.setPoolParams(PoolParams(leverage, UtilizationCurve(kink, slope1, slope2)));
    }

    // ---------------------------------------------------------------- setPoolParams

    function test_setPoolParams_setsAndEmits() public {
        PoolParams memory p = PoolParams(3e18, UtilizationCurve(0.9e18, 1e18, 8e18));
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.PoolParamsSet(p);
        vm.prank(admin);
        manager.setPoolParams(p);
        PoolParams memory got = manager.poolParams();
        assertEq(got.leverageWad, 3e18, "leverage");
        assertEq(got.curve.kinkWad, 0.9e18, "kink");
        assertEq(got.curve.slope1Wad, 1e18, "slope1");
        assertEq(got.curve.slope2Wad, 8e18, "slope2");
        assertEq(manager.requiredCapital(), 0, "no cover");
    }

    function test_setPoolParams_leverageChangesCapacityAndRequiredCapital() public {
        buy(alice, 900_000e6, 30 days);
        assertEq(manager.requiredCapital(), 450_000e6, "900,000 / 2");
        _setPoolParams(4e18, 0.8e18, 0.5e18, 5e18);
        assertEq(manager.requiredCapital(), 225_000e6, "900,000 / 4");
        _setPoolParams(0.5e18, 0.8e18, 0.5e18, 5e18);
        assertEq(manager.requiredCapital(), 1_800_000e6, "900,000 / 0.5");
        assertEq(pool.freeCapital(), 0, "no free capital above the requirement");
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PoolCapacityExceeded.selector, 1e6, 0));
        buy(bob, 1e6, 30 days);
    }

    function test_setPoolParams_acceptsBounds() public {
        _setPoolParams(1e12, 0, 0, 0);
        assertEq(manager.poolParams().leverageWad, 1e12, "min leverage: one millionth");
        _setPoolParams(10e18, 1e18, 10e18, 10e18);
        PoolParams memory got = manager.poolParams();
        assertEq(got.leverageWad, 10e18, "max leverage");
        assertEq(got.curve.kinkWad, 1e18, "max kink");
        assertEq(got.curve.slope1Wad, 10e18, "max slope1");
        assertEq(got.curve.slope2Wad, 10e18, "max slope2");
    }

    /// @notice Pool parameters are stored in millionths: a finer value is refused, not rounded.
    function test_setPoolParams_revertsWhen_TooPrecise() public {
        bytes4 sel = ICoverManager.ParameterTooPrecise.selector;
        vm.expectRevert(abi.encodeWithSelector(sel, "leverageWad", 3e18 + 1, 1e12));
        _setPoolParams(3e18 + 1, 0.8e18, 0.5e18, 5e18);
        vm.expectRevert(abi.encodeWithSelector(sel, "kinkWad", 0.8e18 + 5e11, 1e12));
        _setPoolParams(3e18, 0.8e18 + 5e11, 0.5e18, 5e18);
        vm.expectRevert(abi.encodeWithSelector(sel, "slope1Wad", 1, 1e12));
        _setPoolParams(3e18, 0.8e18, 1, 5e18);
        vm.expectRevert(abi.encodeWithSelector(sel, "slope2Wad", 5e18 - 1, 1e12));
        _setPoolParams(3e18, 0.8e18, 0.5e18, 5e18 - 1);
        // A value of whole millionths round-trips exactly.
        _setPoolParams(3.123456e18, 0.654321e18, 0.000001e18, 9.999999e18);
        PoolParams memory got = manager.poolParams();
        assertEq(got.leverageWad, 3.123456e18, "leverage");
        assertEq(got.curve.kinkWad, 0.654321e18, "kink");
        assertEq(got.curve.slope1Wad, 0.000001e18, "slope1");
        assertEq(got.curve.slope2Wad, 9.999999e18, "slope2");
    }

    function test_setPoolParams_revertsWhen_LeverageZero() public {
        vm.expectRevert(_outOfRange("leverageWad", 0, 1e12, 10e18));
        _setPoolParams(0, 0.8e18, 0.5e18, 5e18);
    }

    function test_setPoolParams_revertsWhen_LeverageTooHigh() public {
        vm.expectRevert(_outOfRange("leverageWad", 10e18 + 1e12, 1e12, 10e18));
        _setPoolParams(10e18 + 1e12, 0.8e18, 0.5e18, 5e18);
    }

    function test_setPoolParams_revertsWhen_KinkTooHigh() public {
        vm.expectRevert(_outOfRange("kinkWad", 1e18 + 1e12, 0, 1e18));
        _setPoolParams(2e18, 1e18 + 1e12, 0.5e18, 5e18);
    }

    function test_setPoolParams_revertsWhen_Slope1TooHigh() public {
        vm.expectRevert(_outOfRange("slope1Wad", 10e18 + 1e12, 0, 10e18));
        _setPoolParams(2e18, 0.8e18, 10e18 + 1e12, 5e18);
    }

    function test_setPoolParams_revertsWhen_Slope2TooHigh() public {
        vm.expectRevert(_outOfRange("slope2Wad", 10e18 + 1e12, 0, 10e18));
        _setPoolParams(2e18, 0.8e18, 0.5e18, 10e18 + 1e12);
    }

    function test_setPoolParams_revertsWhen_NotAdmin() public {
        PoolParams memory p = defaultPoolParams();
        vm.expectRevert(_unauthorized(guardian));
        vm.prank(guardian);
        manager.setPoolParams(p);
    }

    // ---------------------------------------------------------------- setCancelFee

    function test_setCancelFee_setsAndEmits() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CancelFeeSet(0.25e18);
        vm.prank(admin);
        manager.setCancelFee(0.25e18);
        assertEq(manager.cancelFeeWad(), 0.25e18, "max fee accepted");
        vm.prank(admin);
        manager.setCancelFee(0);
        assertEq(manager.cancelFeeWad(), 0, "zero fee accepted");
    }

    function test_setCancelFee_appliesToCancellations() public {
        (uint256 coverId,) = _buyReference();
        vm.prank(admin);
        manager.setCancelFee(0.25e18);
        (uint256 refund, uint256 fee) = manager.quoteCancel(coverId);
        uint256 unearned = RATE_10K_30D * STREAM_10K_30D / EARN_SCALE;
        assertEq(fee, (unearned * 0.25e18 + WAD - 1) / WAD, "25% fee, rounded up");
        assertEq(refund, unearned - fee, "refund");
    }

    function test_setCancelFee_revertsWhen_TooHigh() public {
        vm.expectRevert(_outOfRange("cancelFeeWad", 0.25e18 + 1, 0, 0.25e18));
        vm.prank(admin);
        manager.setCancelFee(0.25e18 + 1);
    }

    function test_setCancelFee_revertsWhen_NotAdmin() public {
        vm.expectRevert(_unauthorized(alice));
        vm.prank(alice);
        manager.setCancelFee(0);
    }

    // ---------------------------------------------------------------- setGuardianPauseLimit

    function test_setGuardianPauseLimit_setsAndEmits() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.GuardianPauseLimitSet(14 days);
        vm.prank(admin);
        manager.setGuardianPauseLimit(14 days);
        assertEq(manager.guardianPauseLimit(), 14 days, "max limit accepted");
        vm.prank(guardian);
        manager.pauseSales(_ids(productId), 14 days);
        assertEq(manager.productPausedUntil(productId), T0 + 14 days, "guardian uses the new limit");
    }

    function test_setGuardianPauseLimit_zeroDisablesGuardianPauses() public {
        vm.prank(admin);
        manager.setGuardianPauseLimit(0);
        assertEq(manager.guardianPauseLimit(), 0, "zero accepted");
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PauseTooLong.selector, 1, 0));
        vm.prank(guardian);
        manager.pauseSales(_ids(productId), 1);
    }

    function test_setGuardianPauseLimit_revertsWhen_TooLong() public {
        vm.expectRevert(_outOfRange("guardianPauseLimit", 14 days + 1, 0, 14 days));
        vm.prank(admin);
        manager.setGuardianPauseLimit(14 days + 1);
    }

    function test_setGuardianPauseLimit_revertsWhen_NotAdmin() public {
        vm.expectRevert(_unauthorized(guardian));
        vm.prank(guardian);
        manager.setGuardianPauseLimit(1 days);
    }

    // ---------------------------------------------------------------- roles

    function test_roles_adminGrantsAndRevokesGuardian() public {
        assertTrue(manager.hasRole(DEFAULT_ADMIN_ROLE, admin), "admin");
        assertTrue(manager.hasRole(GUARDIAN_ROLE, guardian), "guardian");
        assertEq(manager.GUARDIAN_ROLE(), GUARDIAN_ROLE, "role id");
        vm.prank(admin);
        manager.grantRole(GUARDIAN_ROLE, bob);
        vm.prank(bob);
        manager.pauseSales(_ids(productId), 1 days);
        assertEq(manager.productPausedUntil(productId), T0 + 1 days, "new guardian paused");
        vm.prank(admin);
        manager.revokeRole(GUARDIAN_ROLE, guardian);
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, GUARDIAN_ROLE)
        );
        vm.prank(guardian);
        manager.unpauseSales(_ids(productId));
    }

    function test_roles_revertsWhen_NonAdminGrants() public {
        vm.expectRevert(_unauthorized(guardian));
        vm.prank(guardian);
        manager.grantRole(GUARDIAN_ROLE, bob);
    }
}
