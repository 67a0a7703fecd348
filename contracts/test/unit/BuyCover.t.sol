// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC20Errors, IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {UnitBase} from "./UnitBase.sol";
import {
    ICoverManager,
    BuyCoverParams,
    Cover,
    PoolParams,
    ProductParams,
    ProductStatus
} from "../../src/interfaces/ICoverManager.sol";
import {UtilizationCurve} from "../../src/libraries/PricingLib.sol";

contract BuyCoverTest is UnitBase {
    // ---------------------------------------------------------------- happy paths

    function test_buyCover_chargesExactPremiumMintsNftAndEmits() public {
        assertEq(manager.quote(productId, 10_000e6, 30 days), PREMIUM_10K_30D, "quote == reference premium");
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 poolBefore = usdc.balanceOf(address(pool));

        vm.expectEmit(true, true, true, true, address(manager));
        emit IERC721.Transfer(address(0), alice, 1);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CoverBought(1, productId, alice, bytes32(0), 10_000e6, PREMIUM_10K_30D, T0 + 30 days);
        vm.expectEmit(true, true, false, true, address(usdc));
        emit IERC20.Transfer(alice, address(pool), PREMIUM_10K_30D);
        (uint256 coverId, uint256 premium) = buy(alice, 10_000e6, 30 days);

        assertEq(coverId, 1, "first cover id is 1");
        assertEq(premium, PREMIUM_10K_30D, "returned premium");
        assertEq(usdc.balanceOf(alice), aliceBefore - PREMIUM_10K_30D, "buyer paid the premium");
        assertEq(usdc.balanceOf(address(pool)), poolBefore + PREMIUM_10K_30D, "pool received the premium");
        assertEq(usdc.balanceOf(address(manager)), 0, "manager keeps no funds");
        assertEq(manager.ownerOf(1), alice, "NFT owner");
        assertEq(manager.balanceOf(alice), 1, "NFT balance");

        Cover memory c = manager.cover(1);
        assertEq(c.owner, alice, "stored owner");
        assertEq(c.productId, productId, "stored product");
        assertEq(c.start, T0, "start = purchase time");
        assertEq(c.end, T0 + 30 days, "end = start + period");
        assertEq(c.amount, 10_000e6, "stored amount");
        assertEq(c.flags, 0, "no flags");
        assertEq(c.rateScaled, RATE_10K_30D, "stream rate");
        assertEq(manager.riskKeyOf(1), bytes32(0), "no risk key");

        assertEq(manager.activeCover(), 10_000e6, "pool active cover");
        assertEq(manager.productActiveCover(productId), 10_000e6, "product active cover");
        assertEq(manager.unearnedPremium(), PREMIUM_10K_30D, "whole premium unearned at purchase");
        assertEq(manager.liabilities(), PREMIUM_10K_30D, "liabilities = unearned premium");
        assertEq(manager.requiredCapital(), 5_000e6, "required capital = cover / leverage");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "purchase leaves share price unchanged");
    }

    function test_buyCover_recipientReceivesNftWhilePayerPays() public {
        uint256 aliceBefore = usdc.balanceOf(alice);
        uint256 bobBefore = usdc.balanceOf(bob);
        vm.prank(bob);
        (uint256 coverId, uint256 premium) = manager.buyCover(buyParams(10_000e6, 30 days, alice));
        assertEq(manager.ownerOf(coverId), alice, "recipient owns the NFT");
        assertEq(manager.cover(coverId).owner, alice, "recipient stored as owner");
        assertEq(manager.balanceOf(bob), 0, "payer holds no NFT");
        assertEq(usdc.balanceOf(bob), bobBefore - premium, "payer paid");
        assertEq(usdc.balanceOf(alice), aliceBefore, "recipient paid nothing");
    }

    function test_buyCover_storesNonZeroRiskKey() public {
        bytes32 key = keccak256("BA0117/2026-01-02");
        BuyCoverParams memory p = buyParams(1_000e6, 10 days, alice);
        p.riskKey = key;
        uint256 quoted = manager.quote(productId, 1_000e6, 10 days);
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CoverBought(1, productId, alice, key, 1_000e6, quoted, T0 + 10 days);
        vm.prank(alice);
        (uint256 coverId,) = manager.buyCover(p);
        assertEq(manager.riskKeyOf(coverId), key, "risk key stored");
        (uint256 other,) = buy(alice, 1_000e6, 10 days);
        assertEq(manager.riskKeyOf(other), bytes32(0), "product-wide cover has no key");
    }

    function test_buyCover_idsIncreaseByOne() public {
        (uint256 a,) = buy(alice, 1_000e6, 10 days);
        (uint256 b,) = buy(bob, 1_000e6, 10 days);
        (uint256 c,) = buy(alice, 1_000e6, 10 days);
        assertEq(a, 1, "first id");
        assertEq(b, 2, "second id");
        assertEq(c, 3, "third id");
        assertEq(manager.balanceOf(alice), 2, "alice holds two covers");
        assertEq(manager.activeCover(), 3_000e6, "active cover sums the covers");
    }

    function test_buyCover_higherUtilizationCostsMore() public {
        (, uint256 first) = buy(alice, 100_000e6, 30 days);
        uint256 quoted = manager.quote(productId, 100_000e6, 30 days);
        (, uint256 second) = buy(bob, 100_000e6, 30 days);
        assertEq(second, quoted, "second purchase charged its quote");
        assertGt(second, first, "same cover costs more at higher utilization");
    }

    function test_buyCover_splittingCostsAboutTheSame() public {
        uint256 snap = vm.snapshotState();
        (, uint256 whole) = buy(alice, 400_000e6, 90 days);
        vm.revertToState(snap);
        (, uint256 a) = buy(alice, 200_000e6, 90 days);
        (, uint256 b) = buy(alice, 200_000e6, 90 days);
        // Pricing rounds up once per piece, and the stream rate rounds up by at most one unit per
        // EARN_SCALE seconds of the stream (90.5 days here).
        uint256 streamRounding = (90 days + 12 hours) / EARN_SCALE + 1;
        assertApproxEqAbs(a + b, whole, 2 * (2 + streamRounding), "split and whole cost the same up to rounding");
    }

    function test_buyCover_zeroSlopeCurveChargesBaseRate() public {
        PoolParams memory p = defaultPoolParams();
        p.curve.slope1Wad = 0;
        p.curve.slope2Wad = 0;
        vm.prank(admin);
        manager.setPoolParams(p);
        // 10,000 x 2% x 30/365 = 16.438356164... -> 16,438,357; streamed over 30.5 days at
        // rate ceil(16,438,357e6 / 2,635,200) = 6,237,993, charging ceil(6,237,993 x 2,635,200 / 1e6).
        uint256 rate = (uint256(16_438_357) * EARN_SCALE + STREAM_10K_30D - 1) / STREAM_10K_30D;
        uint256 expected = (rate * STREAM_10K_30D + EARN_SCALE - 1) / EARN_SCALE;
        assertEq(rate, 6_237_993, "stream rate");
        assertEq(expected, 16_438_360, "premium");
        (uint256 coverId, uint256 premium) = buy(alice, 10_000e6, 30 days);
        assertEq(premium, expected, "base rate only");
        assertEq(manager.cover(coverId).rateScaled, rate, "stored rate");
    }

    function test_buyCover_neverLowersTotalAssets() public {
        uint256[4] memory amounts = [uint256(123_456_789), 77_777e6, 1, 250_000e6];
        uint256[4] memory periods = [uint256(1 days), 45 days + 17, 3 days, 400 days];
        for (uint256 i = 0; i < 4; ++i) {
            vm.warp(block.timestamp + 3 hours + i * 7 minutes);
            uint256 before = pool.totalAssets();
            buy(i % 2 == 0 ? alice : bob, amounts[i], periods[i]);
            assertGe(pool.totalAssets(), before, "a purchase never lowers totalAssets");
            assertLe(manager.unearnedPremium(), usdc.balanceOf(address(pool)), "unearned premium is funded");
        }
    }

    function test_buyCover_acceptsBoundaryAmountAndPeriods() public {
        (uint256 a,) = buy(alice, MAX_COVER, MIN_PERIOD);
        assertEq(manager.cover(a).amount, MAX_COVER, "max cover amount, product cap exactly reached");
        assertEq(manager.productActiveCover(productId), INITIAL_CAPITAL, "product at 1x capital");
        vm.warp(T0 + 2 days);
        (uint256 b,) = buy(bob, 1, MAX_PERIOD);
        assertEq(manager.cover(b).end, T0 + 2 days + MAX_PERIOD, "max period");
    }

    function test_buyCover_capacityReturnsAfterExpiry() public {
        buy(alice, MAX_COVER, 1 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ProductCapacityExceeded.selector, productId, 1_000e6, 0)
        );
        buy(bob, 1_000e6, 10 days);
        vm.warp(_boundary(T0 + 1 days));
        (uint256 id,) = buy(bob, 1_000e6, 10 days);
        assertEq(manager.ownerOf(id), bob, "bought once the first cover's bucket passed");
        assertEq(manager.productActiveCover(productId), 1_000e6, "expired cover left product capacity");
    }

    function test_buyCover_maxPremiumEqualToPremiumSucceeds() public {
        BuyCoverParams memory p = buyParams(10_000e6, 30 days, alice);
        p.maxPremium = PREMIUM_10K_30D;
        vm.prank(alice);
        (, uint256 premium) = manager.buyCover(p);
        assertEq(premium, PREMIUM_10K_30D, "accepted at exactly maxPremium");
    }

    function test_buyCover_mintsToContractWithoutCallback() public {
        // Not a safe mint: a contract that is no ERC721Receiver can receive a cover.
        vm.prank(alice);
        (uint256 id,) = manager.buyCover(buyParams(1_000e6, 10 days, address(usdc)));
        assertEq(manager.ownerOf(id), address(usdc), "minted to a non-receiver contract");
    }

    // ---------------------------------------------------------------- errors

    function test_buyCover_revertsWhen_UnknownProduct() public {
        BuyCoverParams memory p = buyParams(1_000e6, 10 days, alice);
        p.productId = 2;
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 2));
        vm.prank(alice);
        manager.buyCover(p);

        p.productId = 0;
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 0));
        vm.prank(alice);
        manager.buyCover(p);
    }

    function test_buyCover_revertsWhen_ProductPaused() public {
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Paused);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ProductNotActive.selector, productId, ProductStatus.Paused)
        );
        buy(alice, 1_000e6, 10 days);
    }

    function test_buyCover_revertsWhen_ProductRetired() public {
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Retired);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ProductNotActive.selector, productId, ProductStatus.Retired)
        );
        buy(alice, 1_000e6, 10 days);
    }

    function test_buyCover_revertsWhen_SalesPaused() public {
        vm.prank(guardian);
        manager.pauseSales(_ids(productId), 1 days);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.SalesPaused.selector, productId, T0 + 1 days));
        buy(alice, 1_000e6, 10 days);
    }

    function test_buyCover_revertsWhen_ZeroAmount() public {
        vm.expectRevert(ICoverManager.ZeroAmount.selector);
        buy(alice, 0, 10 days);
    }

    function test_buyCover_revertsWhen_CoverAmountTooLarge() public {
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverAmountTooLarge.selector, productId, MAX_COVER + 1, MAX_COVER)
        );
        buy(alice, MAX_COVER + 1, 10 days);
    }

    function test_buyCover_revertsWhen_PeriodTooShort() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoverManager.PeriodOutOfRange.selector, productId, 1 days - 1, MIN_PERIOD, MAX_PERIOD
            )
        );
        buy(alice, 1_000e6, 1 days - 1);
    }

    function test_buyCover_revertsWhen_PeriodTooLong() public {
        vm.expectRevert(
            abi.encodeWithSelector(
                ICoverManager.PeriodOutOfRange.selector, productId, MAX_PERIOD + 1, MIN_PERIOD, MAX_PERIOD
            )
        );
        buy(alice, 1_000e6, MAX_PERIOD + 1);
    }

    function test_buyCover_revertsWhen_PoolCapacityExceeded() public {
        // Leverage 0.5x: the pool can carry 500,000 of cover while the product cap is 1,000,000.
        PoolParams memory p = defaultPoolParams();
        p.leverageWad = 0.5e18;
        vm.prank(admin);
        manager.setPoolParams(p);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PoolCapacityExceeded.selector, 600_000e6, 500_000e6));
        buy(alice, 600_000e6, 10 days);

        buy(alice, 400_000e6, 10 days);
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "capital unchanged by the purchase");
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.PoolCapacityExceeded.selector, 100_000e6 + 1, 100_000e6));
        buy(bob, 100_000e6 + 1, 10 days);
        buy(bob, 100_000e6, 10 days); // exactly the rest fits
        assertEq(manager.activeCover(), 500_000e6, "pool full");
    }

    function test_buyCover_revertsWhen_ProductCapacityExceeded() public {
        buy(alice, 600_000e6, 10 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ProductCapacityExceeded.selector, productId, 500_000e6, 400_000e6)
        );
        buy(bob, 500_000e6, 10 days);
        buy(bob, 400_000e6, 10 days); // exactly the rest fits
        assertEq(manager.productActiveCover(productId), 1_000_000e6, "product full");
    }

    function test_buyCover_revertsWhen_PremiumAboveMax() public {
        BuyCoverParams memory p = buyParams(10_000e6, 30 days, alice);
        p.maxPremium = PREMIUM_10K_30D - 1;
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PremiumAboveMax.selector, PREMIUM_10K_30D, PREMIUM_10K_30D - 1)
        );
        vm.prank(alice);
        manager.buyCover(p);
    }

    function test_buyCover_revertsWhen_RecipientIsZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(0)));
        vm.prank(alice);
        manager.buyCover(buyParams(10_000e6, 30 days, address(0)));
    }

    function test_buyCover_revertsWhen_AllowanceMissing() public {
        vm.prank(alice);
        usdc.approve(address(manager), 0);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(manager), 0, PREMIUM_10K_30D
            )
        );
        buy(alice, 10_000e6, 30 days);
    }

    /// @dev SUSPECTED BUG: buyCover stores the cover's stream rate as `uint96(rateScaled)` without a check
    /// (the ledger and bucket fields are uint104 and SafeCast-checked; extendCover reverts with
    /// ParameterOutOfRange("rateScaled") above uint96). A cover whose rate exceeds 2^96 (reachable with
    /// legal parameters and a large pool, e.g. an 18-decimal asset) keeps a truncated rate, so its
    /// cancellation refunds far less than its unearned premium. Either the purchase must revert or
    /// the stored rate must be the charged one.
    function test_buyCover_hugeCoverKeepsItsStreamRate() public {
        vm.startPrank(admin);
        manager.setPoolParams(PoolParams(10e18, UtilizationCurve(1e18, 10e18, 0)));
        ProductParams memory pp = defaultProductParams();
        pp.baseRateWad = 10e18;
        pp.capWad = 10e18;
        pp.maxCoverAmount = type(uint96).max;
        manager.updateProduct(productId, pp);
        vm.stopPrank();
        uint256 capital = 7.5e27;
        deal(address(usdc), address(pool), capital); // a very large pool
        deal(address(usdc), alice, 1e29);
        uint256 amount = 7.5e28; // the whole capacity: capital x 10
        uint256 streamLength = 1 days + 12 hours;

        vm.prank(alice);
        try manager.buyCover(buyParams(amount, 1 days, alice)) returns (uint256 coverId, uint256 premium) {
            uint256 rate = manager.cover(coverId).rateScaled;
            assertApproxEqAbs(rate * streamLength / EARN_SCALE, premium, 1, "stored rate streams the premium charged");
            (uint256 refund, uint256 fee) = manager.quoteCancel(coverId);
            assertApproxEqAbs(refund + fee, premium, 1, "the whole premium is unearned at purchase");
        } catch {
            // Rejecting a cover whose rate does not fit the cover record is an acceptable outcome.
        }
    }

    // ---------------------------------------------------------------- quote

    function test_quote_revertsWithTheErrorsOfBuyCover() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 7));
        manager.quote(7, 1_000e6, 10 days);
        vm.expectRevert(ICoverManager.ZeroAmount.selector);
        manager.quote(productId, 0, 10 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverAmountTooLarge.selector, productId, MAX_COVER + 1, MAX_COVER)
        );
        manager.quote(productId, MAX_COVER + 1, 10 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PeriodOutOfRange.selector, productId, 0, MIN_PERIOD, MAX_PERIOD)
        );
        manager.quote(productId, 1_000e6, 0);
        buy(alice, 600_000e6, 10 days);
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ProductCapacityExceeded.selector, productId, 500_000e6, 400_000e6)
        );
        manager.quote(productId, 500_000e6, 10 days);
    }

    function test_quote_equalsChargeAfterTimePasses() public {
        buy(bob, 300_000e6, 20 days);
        vm.warp(T0 + 5 days + 3 hours);
        uint256 quoted = manager.quote(productId, 50_000e6, 60 days);
        (, uint256 premium) = buy(alice, 50_000e6, 60 days);
        assertEq(premium, quoted, "charge == quote with streamed premium earned in between");
    }

    /// @dev SUSPECTED BUG: `quote` checks the product's capacity against the product's stored active
    /// cover, which still includes expired buckets until some transaction syncs, whereas `buyCover`
    /// syncs first. ICoverManager says quote is "exactly what buyCover would charge now; reverts with
    /// the same error it would".
    function test_quote_matchesBuyCoverAfterUnsyncedExpiry() public {
        buy(bob, MAX_COVER, 1 days); // fills the product's cap, expires at T0 + 1.5 days
        vm.warp(T0 + 2 days); // nothing has synced since
        assertEq(manager.productActiveCover(productId), 0, "the expired cover is no longer active");
        uint256 quoted = manager.quote(productId, 500_000e6, 30 days);
        (, uint256 premium) = buy(alice, 500_000e6, 30 days);
        assertEq(premium, quoted, "charge == quote");
    }
}
