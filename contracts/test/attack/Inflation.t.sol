// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {BaseTest} from "../utils/BaseTest.sol";
import {CoverManager} from "../../src/cover/CoverManager.sol";
import {CoverPool} from "../../src/pool/CoverPool.sol";

/// @notice First-depositor (donation) attack on an empty pool: the attacker deposits 1 wei, sends a
/// large amount straight to the pool, and a victim deposits.
/// @dev CoverPool has 6 decimals of virtual shares (OpenZeppelin ERC-4626 offset): the attacker's 1 wei
/// mints 1e6 shares and the virtual 1e6 shares take half of the donation. The victim's rounding loss is
/// at most the value of one share, (totalAssets + 1) / (totalSupply + 1e6) <= (donation + 2) / 2e6 plus
/// one wei of the final conversion (a deposit below one share's worth mints 0 shares and loses it all,
/// still within that bound); the attacker loses about half of its donation, about a million times more.
contract InflationAttackTest is BaseTest {
    CoverManager internal freshManager;
    CoverPool internal fresh;
    address internal attacker = makeAddr("attacker");
    address internal victim = makeAddr("victim");

    function setUp() public override {
        super.setUp();
        freshManager = deployManager(defaultConfig());
        fresh = CoverPool(freshManager.pool());
        address[2] memory who = [attacker, victim];
        for (uint256 i = 0; i < who.length; ++i) {
            vm.prank(who[i]);
            usdc.approve(address(fresh), type(uint256).max);
        }
    }

    function _mint(address to, uint256 amount) internal {
        while (amount != 0) {
            uint256 part = amount > 1_000_000e6 ? 1_000_000e6 : amount;
            usdc.faucet(to, part);
            amount -= part;
        }
    }

    /// @dev Runs the attack; returns the attacker's and the victim's shares.
    function _attack(uint256 donation, uint256 deposit_) internal returns (uint256 attackerShares, uint256 victimShares) {
        assertEq(fresh.totalSupply(), 0, "the pool starts empty");
        _mint(attacker, donation + 1);
        _mint(victim, deposit_);
        vm.startPrank(attacker);
        attackerShares = fresh.deposit(1, attacker);
        usdc.transfer(address(fresh), donation);
        vm.stopPrank();
        vm.prank(victim);
        victimShares = fresh.deposit(deposit_, victim);
    }

    function testFuzz_deposit_donationAttackCostsAttackerMillionsOfTimesVictimLoss(uint256 donation, uint256 deposit_)
        public
    {
        donation = bound(donation, 1e6, 10_000_000e6);
        deposit_ = bound(deposit_, 1e6, 10_000_000e6);
        (uint256 attackerShares, uint256 victimShares) = _attack(donation, deposit_);
        assertEq(attackerShares, 1e6, "1 wei mints 10**offset shares");

        uint256 victimValue = fresh.previewRedeem(victimShares);
        assertLe(victimValue, deposit_, "rounding never favours the depositor");
        uint256 victimLoss = deposit_ - victimValue;
        assertLe(victimLoss, (donation + 2) / 2e6 + 1, "victim loses at most one share's worth: donation / 2e6");

        uint256 attackerValue = fresh.previewRedeem(attackerShares);
        assertLt(attackerValue, donation + 1, "the attacker loses money");
        uint256 attackerLoss = donation + 1 - attackerValue;
        assertGe(attackerLoss, (donation + 1) / 2 - victimLoss, "the virtual shares keep half of the donation");
        assertGe(attackerLoss, victimLoss * 1e5, "the attacker loses > 100,000x what the victim loses");
    }

    /// @notice A concrete large case taken through the full two-step exit.
    function test_deposit_donationAttackOnEmptyPoolFailsEndToEnd() public {
        uint256 donation = 1_000_000e6;
        uint256 deposit_ = 1_000_000e6;
        (uint256 attackerShares, uint256 victimShares) = _attack(donation, deposit_);

        vm.prank(victim);
        fresh.requestWithdraw(victimShares);
        vm.prank(attacker);
        fresh.requestWithdraw(attackerShares);
        vm.warp(vm.getBlockTimestamp() + COOLDOWN);

        vm.prank(victim);
        uint256 victimOut = fresh.redeem(victimShares, victim, victim);
        vm.prank(attacker);
        uint256 attackerOut = fresh.redeem(attackerShares, attacker, attacker);

        assertGe(victimOut, deposit_ - 500_001, "victim loses at most 0.5 USDC on 1M deposited");
        assertLe(attackerOut, donation / 2 + 500_001, "attacker gets back about half of its donation");
        assertGe(donation + 1 - attackerOut, 499_999e6, "attacker loses ~500k USDC");
    }
}
