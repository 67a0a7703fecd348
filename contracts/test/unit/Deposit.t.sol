// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";

contract DepositTest is UnitBase {
    function test_deposit_firstDepositMintsWithSixDecimalOffset() public view {
        assertEq(pool.decimals(), 12, "shares have 6 more decimals than USDC");
        assertEq(pool.balanceOf(lp1), INITIAL_CAPITAL * 1e6, "1 USDC = 1e6 shares at the start");
        assertEq(pool.totalSupply(), INITIAL_CAPITAL * 1e6, "supply");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "assets");
        assertEq(usdc.balanceOf(address(pool)), INITIAL_CAPITAL, "pool balance");
        assertEq(pool.asset(), address(usdc), "asset");
        assertEq(pool.name(), "Bulwark USDC Pool", "name");
        assertEq(pool.symbol(), "bwUSDC", "symbol");
    }

    function test_deposit_mintsAtCurrentPriceAndEmits() public {
        uint256 lp2Before = usdc.balanceOf(lp2);
        assertEq(pool.previewDeposit(500_000e6), 500_000e6 * 1e6, "preview");
        vm.expectEmit(true, true, true, true, address(pool));
        emit IERC4626.Deposit(lp2, lp2, 500_000e6, 500_000e6 * 1e6);
        uint256 shares = deposit(lp2, 500_000e6);
        assertEq(shares, 500_000e6 * 1e6, "shares at price 1");
        assertEq(pool.balanceOf(lp2), shares, "shares credited");
        assertEq(usdc.balanceOf(lp2), lp2Before - 500_000e6, "assets pulled");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + 500_000e6, "capital grew");
    }

    function test_deposit_toAnotherReceiver() public {
        vm.prank(lp2);
        uint256 shares = pool.deposit(1_000e6, alice);
        assertEq(pool.balanceOf(alice), shares, "receiver credited");
        assertEq(pool.balanceOf(lp2), 0, "payer gets no shares");
    }

    function test_deposit_unearnedPremiumDoesNotMoveThePrice() public {
        _buyReference();
        assertEq(deposit(lp2, 500_000e6), 500_000e6 * 1e6, "same price right after a purchase");
    }

    function test_deposit_afterEarnedPremiumMintsFewerShares() public {
        (, uint256 premium) = _buyReference();
        vm.warp(BOUNDARY_10K_30D);
        uint256 assets = INITIAL_CAPITAL + premium;
        assertEq(pool.totalAssets(), assets, "premium earned");
        uint256 expected = 500_000e6 * (pool.totalSupply() + 1e6) / (assets + 1);
        uint256 shares = deposit(lp2, 500_000e6);
        assertEq(shares, expected, "shares at the higher price, rounded down");
        assertLt(shares, 500_000e6 * 1e6, "fewer shares than at the start");
    }

    function test_deposit_afterPayoutMintsMoreShares() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 2 days);
        vm.prank(route);
        manager.payout(coverId, 10_000e6, T0 + 1 days, false);
        uint256 assets = pool.totalAssets();
        assertLt(assets, INITIAL_CAPITAL, "loss borne by depositors");
        uint256 expected = 500_000e6 * (pool.totalSupply() + 1e6) / (assets + 1);
        uint256 shares = deposit(lp2, 500_000e6);
        assertEq(shares, expected, "shares at the lower price");
        assertGt(shares, 500_000e6 * 1e6, "more shares than at the start");
    }

    function test_deposit_allowedWhileClaimsOpen() public {
        _openClaim();
        assertEq(deposit(lp2, 1_000e6), 1_000e6 * 1e6, "deposits are not frozen");
    }

    function test_deposit_raisesCapacity() public {
        buy(alice, 1_000_000e6, 30 days); // product at its 1x cap
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ProductCapacityExceeded.selector, productId, 100_000e6, 0)
        );
        buy(bob, 100_000e6, 30 days);
        deposit(lp2, 100_000e6);
        (uint256 id,) = buy(bob, 100_000e6, 30 days);
        assertEq(manager.ownerOf(id), bob, "new capital backs new cover");
    }

    function test_mint_pullsPreviewedAssets() public {
        (, uint256 premium) = _buyReference();
        vm.warp(BOUNDARY_10K_30D);
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + premium, "price above 1");
        uint256 shares = 1_000e6 * 1e6;
        uint256 assets = pool.previewMint(shares);
        uint256 lp2Before = usdc.balanceOf(lp2);
        vm.expectEmit(true, true, true, true, address(pool));
        emit IERC4626.Deposit(lp2, lp2, assets, shares);
        vm.prank(lp2);
        assertEq(pool.mint(shares, lp2), assets, "returned assets");
        assertEq(usdc.balanceOf(lp2), lp2Before - assets, "assets pulled");
        assertEq(pool.balanceOf(lp2), shares, "shares minted");
        assertGt(assets, 1_000e6, "more than 1,000 USDC at the higher price");
    }

    function test_deposit_maxDepositAndMintUnlimited() public view {
        assertEq(pool.maxDeposit(alice), type(uint256).max, "maxDeposit");
        assertEq(pool.maxMint(alice), type(uint256).max, "maxMint");
    }

    function test_deposit_revertsWhen_AllowanceMissing() public {
        address carol = makeAddr("carol");
        usdc.faucet(carol, 1_000e6);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(pool), 0, 1_000e6)
        );
        vm.prank(carol);
        pool.deposit(1_000e6, carol);
    }

    function test_deposit_revertsWhen_BalanceTooLow() public {
        uint256 balance = usdc.balanceOf(lp2);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, lp2, balance, balance + 1)
        );
        deposit(lp2, balance + 1);
    }
}
