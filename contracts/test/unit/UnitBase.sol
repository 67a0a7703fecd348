// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {ProductParams} from "../../src/interfaces/ICoverManager.sol";

/// @notice Shared helpers of the unit tests (no tests here).
abstract contract UnitBase is BaseTest {
    /// @dev BaseTest's start time, 2026-01-01T12:00:00Z: half a day past a day boundary.
    uint256 internal constant T0 = 1_767_268_800;
    uint256 internal constant EARN_SCALE = 1e6;
    uint256 internal constant WAD = 1e18;
    bytes32 internal constant DEFAULT_ADMIN_ROLE = 0x00;
    bytes32 internal constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @dev Premium of 10,000 USDC of cover for 30 days bought at T0 in the fresh pool (1,000,000 USDC
    /// capital, 2x leverage, 2%/yr, kinked curve 0.8/0.5/5): u moves 0 -> 0.005, lift integral
    /// 0.5 x 0.005^2 / 2 = 6.25e-6, x capacity 2,000,000 = 12.5 USDC; priced = (10,000 + 12.5) x 2% x
    /// 30/365 = 16.458905 (rounded up); streamed over 30.5 days (to the next day boundary) at
    /// rateScaled ceil(16,458,905e6 / 2,635,200) = 6,245,790, i.e. ceil(6,245,790 x 2,635,200 / 1e6).
    uint256 internal constant PREMIUM_10K_30D = 16_458_906;
    uint256 internal constant RATE_10K_30D = 6_245_790;
    uint256 internal constant STREAM_10K_30D = 2_635_200; // 30.5 days
    uint256 internal constant BOUNDARY_10K_30D = T0 + STREAM_10K_30D;

    function _ids(uint256 a) internal pure returns (uint256[] memory r) {
        r = new uint256[](1);
        r[0] = a;
    }

    function _ids(uint256 a, uint256 b) internal pure returns (uint256[] memory r) {
        r = new uint256[](2);
        r[0] = a;
        r[1] = b;
    }

    function _listProduct(ProductParams memory params) internal returns (uint256 id) {
        vm.prank(admin);
        id = manager.listProduct(params);
    }

    /// @dev First day boundary at or after `time`.
    function _boundary(uint256 time) internal pure returns (uint256) {
        return (time + 1 days - 1) / 1 days * 1 days;
    }

    /// @dev Buys the reference cover (10,000 USDC for 30 days) for alice at the current time.
    function _buyReference() internal returns (uint256 coverId, uint256 premium) {
        return buy(alice, 10_000e6, 30 days);
    }

    /// @dev Opens an incident on the default product: the pool's exits freeze.
    function _openClaim() internal {
        vm.prank(route);
        manager.openIncident(productId);
    }

    function _closeClaim() internal {
        vm.prank(route);
        manager.closeIncident(productId);
    }

    function _reserve(uint256 amount) internal {
        vm.prank(route);
        manager.reservePayout(productId, amount);
    }

    function _requestWithdraw(address lp, uint256 shares) internal {
        vm.prank(lp);
        pool.requestWithdraw(shares);
    }
}
