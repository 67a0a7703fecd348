// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {UnitBase} from "./UnitBase.sol";
import {BuyCoverParams, Cover, PoolParams} from "../../src/interfaces/ICoverManager.sol";

contract ViewsTest is UnitBase {
    function test_views_initialState() public view {
        assertEq(manager.pool(), address(pool), "pool");
        assertEq(manager.asset(), address(usdc), "asset");
        assertEq(manager.activeCover(), 0, "activeCover");
        assertEq(manager.productActiveCover(productId), 0, "productActiveCover");
        assertEq(manager.unearnedPremium(), 0, "unearnedPremium");
        assertEq(manager.owedPayouts(), 0, "owedPayouts");
        assertEq(manager.liabilities(), 0, "liabilities");
        assertEq(manager.requiredCapital(), 0, "requiredCapital");
        assertEq(manager.openClaims(), 0, "openClaims");
        assertEq(manager.reservedBy(route), 0, "reservedBy");
        assertEq(manager.cancelFeeWad(), CANCEL_FEE, "cancelFeeWad");
        assertEq(manager.guardianPauseLimit(), PAUSE_LIMIT, "guardianPauseLimit");
        assertEq(manager.productPausedUntil(productId), 0, "productPausedUntil");
        assertEq(manager.productCount(), 1, "productCount");
        PoolParams memory p = manager.poolParams();
        assertEq(p.leverageWad, LEVERAGE, "leverage");
        assertEq(p.curve.kinkWad, 0.8e18, "kink");
        assertEq(p.curve.slope1Wad, 0.5e18, "slope1");
        assertEq(p.curve.slope2Wad, 5e18, "slope2");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "totalAssets");
        assertEq(pool.freeCapital(), INITIAL_CAPITAL, "freeCapital");
    }

    // ---------------------------------------------------------------- premium streaming

    function test_unearnedPremium_fallsLinearlyToTheBoundary() public {
        (, uint256 premium) = _buyReference();
        assertEq(premium, PREMIUM_10K_30D, "premium");

        vm.warp(T0 + STREAM_10K_30D / 4);
        uint256 threeQuarters = manager.unearnedPremium();
        assertApproxEqAbs(threeQuarters, premium * 3 / 4, 1, "a quarter of the stream earned");

        vm.warp(T0 + STREAM_10K_30D / 2);
        // ceil(6,245,790 x 1,317,600 / 1e6)
        assertEq(manager.unearnedPremium(), 8_229_453, "half the stream left");
        assertApproxEqAbs(manager.unearnedPremium(), premium / 2, 1, "about half unearned");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + premium - 8_229_453, "half earned by depositors");
        assertEq(manager.liabilities(), 8_229_453, "liabilities = unearned");

        vm.warp(BOUNDARY_10K_30D - 1);
        assertEq(manager.unearnedPremium(), 7, "one second left: ceil(6.24579)");
        vm.warp(BOUNDARY_10K_30D);
        assertEq(manager.unearnedPremium(), 0, "all earned at the boundary");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + premium, "depositors earned the whole premium");
        vm.warp(BOUNDARY_10K_30D + 100 days);
        assertEq(pool.totalAssets(), INITIAL_CAPITAL + premium, "nothing more to earn");
    }

    function test_unearnedPremium_onlyFallsAndStaysFunded() public {
        buy(alice, 123_457e6 + 3, 17 days + 5);
        vm.warp(T0 + 3 hours);
        buy(bob, 77e6 + 1, 400 days + 11);
        uint256 last = manager.unearnedPremium();
        for (uint256 i = 1; i <= 6; ++i) {
            vm.warp(T0 + 3 hours + i * 5 days + 7);
            uint256 now_ = manager.unearnedPremium();
            assertLe(now_, last, "unearned premium only falls with time");
            assertGe(usdc.balanceOf(address(pool)), now_ + INITIAL_CAPITAL, "depositors' capital never pays it");
            last = now_;
        }
    }

    // ---------------------------------------------------------------- expiry

    function test_activeCover_leavesAtBoundaryNotAtEnd() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 30 days);
        assertFalse(manager.isActive(coverId, block.timestamp), "cover ended");
        assertEq(manager.activeCover(), 10_000e6, "still counted until the day boundary");
        assertEq(manager.productActiveCover(productId), 10_000e6, "product too");
        vm.warp(BOUNDARY_10K_30D - 1);
        assertEq(manager.activeCover(), 10_000e6, "one second before the boundary");
        assertEq(manager.requiredCapital(), 5_000e6, "capital still required");
        vm.warp(BOUNDARY_10K_30D);
        assertEq(manager.activeCover(), 0, "left the pool at the boundary");
        assertEq(manager.productActiveCover(productId), 0, "left the product at the boundary");
        assertEq(manager.requiredCapital(), 0, "no capital required");
        assertEq(pool.freeCapital(), pool.totalAssets(), "all capital free");
    }

    function test_activeCover_coversLeaveAtTheirOwnBoundaries() public {
        uint256 product2 = _listProduct(defaultProductParams());
        buy(alice, 1_000e6, 1 days); // boundary T0 + 1.5 days
        buy(bob, 2_000e6, 10 days); // boundary T0 + 10.5 days
        vm.prank(alice);
        manager.buyCover(_buyParamsFor(product2, 4_000e6, 5 days)); // boundary T0 + 5.5 days
        assertEq(manager.activeCover(), 7_000e6, "all active");
        assertEq(manager.productActiveCover(productId), 3_000e6, "product 1");
        assertEq(manager.productActiveCover(product2), 4_000e6, "product 2");

        vm.warp(T0 + 1 days + 12 hours);
        assertEq(manager.activeCover(), 6_000e6, "first left");
        assertEq(manager.productActiveCover(productId), 2_000e6, "product 1 after the first");
        vm.warp(T0 + 5 days + 12 hours);
        assertEq(manager.activeCover(), 2_000e6, "product 2's cover left");
        assertEq(manager.productActiveCover(product2), 0, "product 2 empty");
        assertEq(manager.productActiveCover(productId), 2_000e6, "product 1 unchanged");
        vm.warp(T0 + 10 days + 12 hours);
        assertEq(manager.activeCover(), 0, "all left");
        assertEq(manager.productActiveCover(productId), 0, "product 1 empty");
        assertEq(manager.unearnedPremium(), 0, "all earned");
    }

    function test_activeCover_expiresAcrossLongIdleGaps() public {
        buy(alice, 1_000e6, 10 days);
        buy(bob, 2_000e6, 400 days);
        buy(alice, 4_000e6, MAX_PERIOD);
        vm.warp(T0 + 401 days); // 2 bitmap words later, nothing synced
        assertEq(manager.activeCover(), 4_000e6, "only the longest cover left");
        assertEq(manager.productActiveCover(productId), 4_000e6, "product too");
        manager.sync();
        assertEq(manager.activeCover(), 4_000e6, "sync agrees with the views");
        vm.warp(T0 + MAX_PERIOD + 1 days);
        assertEq(manager.activeCover(), 0, "all expired");
        assertEq(manager.productActiveCover(productId), 0, "product empty");
        assertEq(manager.unearnedPremium(), 0, "all earned");
        (uint256 id,) = buy(bob, 1_000e6, 10 days);
        assertEq(manager.activeCover(), 1_000e6, "new cover after the gap");
        assertEq(manager.ownerOf(id), bob, "new cover owned");
    }

    function test_sync_changesNoView() public {
        _buyReference();
        buy(bob, 50_000e6, 3 days);
        vm.warp(T0 + 5 days);
        uint256 active = manager.activeCover();
        uint256 productActive = manager.productActiveCover(productId);
        uint256 unearned = manager.unearnedPremium();
        uint256 assets = pool.totalAssets();
        vm.prank(bob); // anyone may sync
        manager.sync();
        assertEq(manager.activeCover(), active, "activeCover");
        assertEq(manager.productActiveCover(productId), productActive, "productActiveCover");
        assertEq(manager.unearnedPremium(), unearned, "unearnedPremium");
        assertEq(pool.totalAssets(), assets, "totalAssets");
        assertEq(active, 10_000e6, "bob's cover expired");
        manager.sync();
        assertEq(manager.activeCover(), active, "a second sync changes nothing");
    }

    // ---------------------------------------------------------------- isActive / cover / riskKeyOf

    function test_isActive_boundaries() public {
        (uint256 coverId,) = _buyReference();
        assertFalse(manager.isActive(coverId, T0 - 1), "before start");
        assertTrue(manager.isActive(coverId, T0), "at start");
        assertTrue(manager.isActive(coverId, T0 + 30 days - 1), "last second");
        assertFalse(manager.isActive(coverId, T0 + 30 days), "end is exclusive");
        assertTrue(manager.isActive(coverId, T0 + 20 days), "future time inside the period");
        assertFalse(manager.isActive(99, T0), "unknown cover");
        assertFalse(manager.isActive(0, T0), "id zero");
    }

    function test_isActive_cancelledCoverEndsAtCancellation() public {
        (uint256 coverId,) = _buyReference();
        vm.warp(T0 + 3 days);
        vm.prank(alice);
        manager.cancelCover(coverId, 0);
        assertTrue(manager.isActive(coverId, T0 + 3 days - 1), "active before cancellation");
        assertFalse(manager.isActive(coverId, T0 + 3 days), "inactive from cancellation");
        assertFalse(manager.isActive(coverId, T0 + 10 days), "inactive after");
    }

    function test_cover_unknownIsEmpty() public view {
        Cover memory c = manager.cover(42);
        assertEq(c.owner, address(0), "owner");
        assertEq(c.start, 0, "start");
        assertEq(c.amount, 0, "amount");
        assertEq(manager.riskKeyOf(42), bytes32(0), "risk key");
    }

    function test_riskKeyOf_storedForNonZeroKey() public {
        bytes32 key = keccak256(abi.encode("EU-FLOOD", uint256(2026)));
        BuyCoverParams memory p = buyParams(1_000e6, 30 days, bob);
        p.riskKey = key;
        vm.prank(bob);
        (uint256 coverId,) = manager.buyCover(p);
        assertEq(manager.riskKeyOf(coverId), key, "key stored");
        vm.warp(T0 + 100 days);
        assertEq(manager.riskKeyOf(coverId), key, "key kept after expiry");
    }

    // ---------------------------------------------------------------- capital views

    function test_requiredCapital_roundsUp() public {
        buy(alice, 3, 10 days);
        assertEq(manager.requiredCapital(), 2, "ceil(3 / 2)");
        buy(alice, 10_000e6, 10 days);
        assertEq(manager.requiredCapital(), 5_000e6 + 2, "ceil((10,000e6 + 3) / 2)");
    }

    function test_liabilities_sumUnearnedAndOwed() public {
        _buyReference();
        _reserve(1_000e6);
        vm.warp(T0 + 4 days);
        assertEq(manager.liabilities(), manager.unearnedPremium() + 1_000e6, "unearned + owed");
        assertEq(
            pool.totalAssets(), usdc.balanceOf(address(pool)) - manager.liabilities(), "totalAssets = balance - liabilities"
        );
        assertEq(pool.freeCapital(), pool.totalAssets() - manager.requiredCapital(), "free = assets - required");
    }

    function test_freeCapital_zeroWhileClaimsOpen() public {
        _openClaim();
        assertEq(pool.freeCapital(), 0, "claims open");
        assertEq(pool.totalAssets(), INITIAL_CAPITAL, "totalAssets unaffected");
        _closeClaim();
        assertEq(pool.freeCapital(), INITIAL_CAPITAL, "claims closed");
    }

    // ---------------------------------------------------------------- helpers

    function _buyParamsFor(uint256 id, uint256 amount, uint256 period)
        internal
        view
        returns (BuyCoverParams memory p)
    {
        p = buyParams(amount, period, alice);
        p.productId = id;
    }
}
