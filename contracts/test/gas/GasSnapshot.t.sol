// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";

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

    function test_gas_buyCover() public {
        vm.prank(alice);
        manager.buyCover(buyParams(10_000e6, 30 days, alice));
        vm.snapshotGasLastCall("buyCover");
    }

    function test_gas_buyCoverFirst() public {
        address newcomer = makeAddr("newcomer");
        usdc.faucet(newcomer, 100_000e6);
        vm.prank(newcomer);
        usdc.approve(address(manager), type(uint256).max);
        vm.prank(newcomer);
        manager.buyCover(buyParams(10_000e6, 30 days, newcomer));
        vm.snapshotGasLastCall("buyCoverFirst");
    }

    function test_gas_extendCover() public {
        buy(bob, 1_000e6, 60 days); // the bucket the extension moves into
        vm.prank(alice);
        manager.extendCover(2, 30 days, type(uint256).max);
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
        vm.prank(alice);
        manager.buyCover(buyParams(10_000e6, 30 days, alice));
        vm.snapshotGasLastCall("buyCoverAfterYearOfBuckets");
    }
}
