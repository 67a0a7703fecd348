// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Test} from "forge-std/Test.sol";

import {CoverManager} from "../../src/cover/CoverManager.sol";
import {CoverPool} from "../../src/pool/CoverPool.sol";
import {MockUSDC} from "../../src/mocks/MockUSDC.sol";
import {
    BuyCoverParams, CoverManagerConfig, PayoutRule, PoolParams, ProductParams, ProductStatus
} from "../../src/interfaces/ICoverManager.sol";
import {UtilizationCurve} from "../../src/libraries/PricingLib.sol";

/// @notice Deploys the protocol core with one USDC pool and one assessed product, funds actors.
/// `route` stands in for a claim route (the claims contracts come later).
abstract contract BaseTest is Test {
    MockUSDC internal usdc;
    CoverManager internal manager;
    CoverPool internal pool;
    uint256 internal productId;

    address internal admin = makeAddr("admin");
    address internal guardian = makeAddr("guardian");
    address internal route = makeAddr("route");
    address internal lp1 = makeAddr("lp1");
    address internal lp2 = makeAddr("lp2");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");

    uint256 internal constant CANCEL_FEE = 0.1e18;
    uint256 internal constant PAUSE_LIMIT = 7 days;
    uint256 internal constant COOLDOWN = 7 days;
    uint256 internal constant WINDOW = 3 days;
    uint64 internal constant LEVERAGE = 2e18;
    uint64 internal constant BASE_RATE = 0.02e18;
    uint64 internal constant CAP = 1e18;
    uint96 internal constant MAX_COVER = 1_000_000e6;
    uint32 internal constant MIN_PERIOD = 1 days;
    uint32 internal constant MAX_PERIOD = 730 days;
    uint32 internal constant WAITING = 1 days;
    uint32 internal constant GRACE = 30 days;
    uint256 internal constant INITIAL_CAPITAL = 1_000_000e6;

    function setUp() public virtual {
        vm.warp(1_767_268_800); // 2026-01-01T12:00:00Z
        usdc = new MockUSDC();
        manager = deployManager(defaultConfig());
        pool = CoverPool(manager.pool());
        vm.prank(admin);
        productId = manager.listProduct(defaultProductParams());

        for (uint256 i = 0; i < 4; ++i) {
            address who = [lp1, lp2, alice, bob][i];
            usdc.faucet(who, 1_000_000e6);
            vm.startPrank(who);
            usdc.approve(address(manager), type(uint256).max);
            usdc.approve(address(pool), type(uint256).max);
            vm.stopPrank();
        }
        deposit(lp1, INITIAL_CAPITAL);
    }

    /// @dev Deploys a CoverManager from its compiled artifact rather than with `new`: a `new` would
    /// embed the manager's creation code in every test contract, and via-IR would optimize it again
    /// for each of them (minutes of compile time per test file).
    function deployManager(CoverManagerConfig memory config) internal returns (CoverManager) {
        return CoverManager(vm.deployCode("CoverManager.sol:CoverManager", abi.encode(config)));
    }

    function defaultConfig() internal view returns (CoverManagerConfig memory) {
        return CoverManagerConfig({
            asset: address(usdc),
            poolName: "Bulwark USDC Pool",
            poolSymbol: "bwUSDC",
            admin: admin,
            guardian: guardian,
            cancelFeeWad: CANCEL_FEE,
            guardianPauseLimit: PAUSE_LIMIT,
            pool: defaultPoolParams(),
            cooldown: COOLDOWN,
            window: WINDOW
        });
    }

    function defaultPoolParams() internal pure returns (PoolParams memory) {
        return PoolParams({
            leverageWad: LEVERAGE,
            curve: UtilizationCurve({kinkWad: 0.8e18, slope1Wad: 0.5e18, slope2Wad: 5e18})
        });
    }

    function defaultProductParams() internal view returns (ProductParams memory) {
        return ProductParams({
            claimRoute: route,
            baseRateWad: BASE_RATE,
            capWad: CAP,
            maxCoverAmount: MAX_COVER,
            minPeriod: MIN_PERIOD,
            maxPeriod: MAX_PERIOD,
            waitingPeriod: WAITING,
            claimGracePeriod: GRACE,
            payoutRule: PayoutRule.Assessed,
            termsURI: "ipfs://terms"
        });
    }

    function buyParams(uint256 amount, uint256 period, address recipient) internal view returns (BuyCoverParams memory) {
        return BuyCoverParams({
            productId: productId,
            riskKey: bytes32(0),
            amount: amount,
            period: period,
            maxPremium: type(uint256).max,
            recipient: recipient
        });
    }

    function buy(address buyer, uint256 amount, uint256 period) internal returns (uint256 coverId, uint256 premium) {
        vm.prank(buyer);
        return manager.buyCover(buyParams(amount, period, buyer));
    }

    function deposit(address lp, uint256 assets) internal returns (uint256 shares) {
        vm.prank(lp);
        return pool.deposit(assets, lp);
    }
}
