// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {BuyCoverParams} from "../../src/interfaces/ICoverManager.sol";

/// @notice Gas snapshots of every user action, written to snapshots/GasSnapshot.json and checked in CI
/// (FORGE_SNAPSHOT_CHECK), so a change that moves gas shows in review. Run with `--isolate` so each call
/// is its own transaction with cold storage, as on chain. The receipt-level benchmark is bench/gas.ts.
contract GasSnapshot is BaseTest {
    function setUp() public override {
        super.setUp();
        // A holder with a cover, and other covers in the same expiry bucket.
        buy(bob, 1_000e6, 30 days);
        buy(alice, 1_000e6, 30 days);
    }

    /// @dev What the SDK and the web app send: `maxPremium` is the quote plus their default 0.5%
    /// tolerance (a real bound, not 2^256 - 1, whose 32 non-zero calldata bytes cost 430 gas more).
    function sdkParams(uint256 amount, uint256 period, address recipient) internal view returns (BuyCoverParams memory p) {
        p = buyParams(amount, period, recipient);
        uint256 quoted = manager.quote(productId, amount, period);
        p.maxPremium = quoted + (quoted * 50 + 9_999) / 10_000;
    }

    function test_gas_buyCover() public {
        BuyCoverParams memory params = sdkParams(10_000e6, 30 days, alice);
        vm.prank(alice);
        manager.buyCover(params);
        vm.snapshotGasLastCall("buyCover");
    }

    function test_gas_buyCoverFirst() public {
        address newcomer = makeAddr("newcomer");
        usdc.faucet(newcomer, 100_000e6);
        vm.prank(newcomer);
        usdc.approve(address(manager), type(uint256).max);
        BuyCoverParams memory params = sdkParams(10_000e6, 30 days, newcomer);
        vm.prank(newcomer);
        manager.buyCover(params);
        vm.snapshotGasLastCall("buyCoverFirst");
    }

    function test_gas_extendCover() public {
        buy(bob, 1_000e6, 60 days); // the bucket the extension moves into
        uint256 quoted = manager.quoteExtend(2, 30 days);
        vm.prank(alice);
        manager.extendCover(2, 30 days, quoted + (quoted * 50 + 9_999) / 10_000);
        vm.snapshotGasLastCall("extendCover");
    }

    function test_gas_cancelCover() public {
        vm.prank(alice);
        manager.cancelCover(2, 0);
        vm.snapshotGasLastCall("cancelCover");
    }

    function test_gas_payout() public {
        vm.warp(block.timestamp + 2 days);
        vm.prank(route);
        manager.payout(2, 500e6, block.timestamp - 1, false);
        vm.snapshotGasLastCall("payout");
    }

    function test_gas_deposit() public {
        vm.prank(lp2);
        pool.deposit(100_000e6, lp2);
        vm.snapshotGasLastCall("deposit");
    }

    function test_gas_requestWithdraw() public {
        vm.prank(lp1);
        pool.requestWithdraw(1e12);
        vm.snapshotGasLastCall("requestWithdraw");
    }

    function test_gas_withdraw() public {
        vm.prank(lp1);
        pool.requestWithdraw(1e15);
        vm.warp(block.timestamp + COOLDOWN);
        vm.prank(lp1);
        pool.redeem(1e15, lp1, lp1);
        vm.snapshotGasLastCall("withdraw");
    }

    function test_gas_buyCoverAfterYearOfBuckets() public {
        buy(bob, 1_000e6, 395 days); // keeps the bucket a 30-day cover bought a year later lands in
        vm.warp(block.timestamp + 365 days);
        BuyCoverParams memory params = sdkParams(10_000e6, 30 days, alice);
        vm.prank(alice);
        manager.buyCover(params);
        vm.snapshotGasLastCall("buyCoverAfterYearOfBuckets");
    }
}
