// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {stdStorage, StdStorage} from "forge-std/StdStorage.sol";

import {UnitBase} from "./UnitBase.sol";
import {
    ICoverManager, BuyCoverParams, PayoutRule, ProductParams, ProductStatus
} from "../../src/interfaces/ICoverManager.sol";

contract ProductsTest is UnitBase {
    using stdStorage for StdStorage;

    StdStorage internal _storage;

    uint256 internal constant MAX_COVER_PERIOD = 3 * 365 days;

    function _params() internal view returns (ProductParams memory p) {
        p = defaultProductParams();
        p.claimRoute = bob;
        p.baseRateWad = 0.05e18;
        p.capWad = 0.5e18;
        p.maxCoverAmount = 50_000e6;
        p.minPeriod = 2 days;
        p.maxPeriod = 365 days;
        p.waitingPeriod = 3 days;
        p.claimGracePeriod = 60 days;
        p.payoutRule = PayoutRule.TriggerProportional;
        p.termsURI = "ipfs://other-terms";
    }

    function _assertParams(ProductParams memory a, ProductParams memory b) internal pure {
        assertEq(a.claimRoute, b.claimRoute, "claimRoute");
        assertEq(a.baseRateWad, b.baseRateWad, "baseRateWad");
        assertEq(a.capWad, b.capWad, "capWad");
        assertEq(a.maxCoverAmount, b.maxCoverAmount, "maxCoverAmount");
        assertEq(a.minPeriod, b.minPeriod, "minPeriod");
        assertEq(a.maxPeriod, b.maxPeriod, "maxPeriod");
        assertEq(a.waitingPeriod, b.waitingPeriod, "waitingPeriod");
        assertEq(a.claimGracePeriod, b.claimGracePeriod, "claimGracePeriod");
        assertEq(uint8(a.payoutRule), uint8(b.payoutRule), "payoutRule");
        assertEq(a.termsURI, b.termsURI, "termsURI");
    }

    function _outOfRange(string memory name, uint256 value, uint256 min, uint256 max)
        internal
        pure
        returns (bytes memory)
    {
        return abi.encodeWithSelector(ICoverManager.ParameterOutOfRange.selector, name, value, min, max);
    }

    /// @dev Expects both listProduct and updateProduct to reject `p` with `err`.
    function _expectRejected(ProductParams memory p, bytes memory err) internal {
        vm.startPrank(admin);
        vm.expectRevert(err);
        manager.listProduct(p);
        vm.expectRevert(err);
        manager.updateProduct(productId, p);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- listProduct

    function test_listProduct_storesParamsAndEmits() public {
        ProductParams memory p = _params();
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ProductListed(2, p);
        uint256 id = _listProduct(p);
        assertEq(id, 2, "next id");
        assertEq(manager.productCount(), 2, "count");
        assertEq(uint8(manager.productStatus(id)), uint8(ProductStatus.Active), "listed products start Active");
        _assertParams(manager.product(id), p);
        _assertParams(manager.product(productId), defaultProductParams());
    }

    function test_listProduct_newProductSells() public {
        uint256 id = _listProduct(_params());
        vm.prank(alice);
        (uint256 coverId,) = manager.buyCover(_buyParamsFor(id, 10_000e6, 30 days));
        assertEq(manager.cover(coverId).productId, id, "cover of the new product");
        assertEq(manager.productActiveCover(id), 10_000e6, "counted for the new product");
        assertEq(manager.productActiveCover(productId), 0, "not for the first product");
    }

    function test_listProduct_acceptsBounds() public {
        ProductParams memory p = _params();
        p.baseRateWad = 0;
        p.capWad = 1;
        p.maxCoverAmount = 1;
        p.minPeriod = 1 days;
        p.maxPeriod = 1 days;
        p.waitingPeriod = 0;
        p.claimGracePeriod = 0;
        _assertParams(manager.product(_listProduct(p)), p);
        p.baseRateWad = 10e18;
        p.capWad = 10e18;
        p.maxCoverAmount = type(uint96).max;
        p.minPeriod = uint32(MAX_COVER_PERIOD);
        p.maxPeriod = uint32(MAX_COVER_PERIOD);
        p.waitingPeriod = 90 days;
        p.claimGracePeriod = 365 days;
        _assertParams(manager.product(_listProduct(p)), p);
    }

    function test_listProduct_revertsWhen_NotAdmin() public {
        ProductParams memory p = _params();
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, bob, DEFAULT_ADMIN_ROLE)
        );
        vm.prank(bob);
        manager.listProduct(p);
        vm.expectRevert(
            abi.encodeWithSelector(
                IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE
            )
        );
        vm.prank(guardian);
        manager.listProduct(p);
    }

    function test_listProduct_revertsWhen_ClaimRouteZero() public {
        ProductParams memory p = _params();
        p.claimRoute = address(0);
        _expectRejected(p, abi.encodeWithSelector(ICoverManager.ZeroAddress.selector));
    }

    function test_listProduct_revertsWhen_BaseRateTooHigh() public {
        ProductParams memory p = _params();
        p.baseRateWad = 10e18 + 1;
        _expectRejected(p, _outOfRange("baseRateWad", 10e18 + 1, 0, 10e18));
    }

    function test_listProduct_revertsWhen_CapZero() public {
        ProductParams memory p = _params();
        p.capWad = 0;
        _expectRejected(p, _outOfRange("capWad", 0, 1, 10e18));
    }

    function test_listProduct_revertsWhen_CapTooHigh() public {
        ProductParams memory p = _params();
        p.capWad = 10e18 + 1;
        _expectRejected(p, _outOfRange("capWad", 10e18 + 1, 1, 10e18));
    }

    function test_listProduct_revertsWhen_MaxCoverAmountZero() public {
        ProductParams memory p = _params();
        p.maxCoverAmount = 0;
        _expectRejected(p, _outOfRange("maxCoverAmount", 0, 1, type(uint96).max));
    }

    function test_listProduct_revertsWhen_MinPeriodTooShort() public {
        ProductParams memory p = _params();
        p.minPeriod = 1 days - 1;
        _expectRejected(p, _outOfRange("minPeriod", 1 days - 1, 1 days, MAX_COVER_PERIOD));
    }

    function test_listProduct_revertsWhen_MinPeriodTooLong() public {
        ProductParams memory p = _params();
        p.minPeriod = uint32(MAX_COVER_PERIOD + 1);
        p.maxPeriod = uint32(MAX_COVER_PERIOD + 1);
        _expectRejected(p, _outOfRange("minPeriod", MAX_COVER_PERIOD + 1, 1 days, MAX_COVER_PERIOD));
    }

    function test_listProduct_revertsWhen_MaxPeriodBelowMin() public {
        ProductParams memory p = _params();
        p.minPeriod = 10 days;
        p.maxPeriod = 10 days - 1;
        _expectRejected(p, _outOfRange("maxPeriod", 10 days - 1, 10 days, MAX_COVER_PERIOD));
    }

    function test_listProduct_revertsWhen_MaxPeriodTooLong() public {
        ProductParams memory p = _params();
        p.maxPeriod = uint32(MAX_COVER_PERIOD + 1);
        _expectRejected(p, _outOfRange("maxPeriod", MAX_COVER_PERIOD + 1, 2 days, MAX_COVER_PERIOD));
    }

    function test_listProduct_revertsWhen_WaitingPeriodTooLong() public {
        ProductParams memory p = _params();
        p.waitingPeriod = 90 days + 1;
        _expectRejected(p, _outOfRange("waitingPeriod", 90 days + 1, 0, 90 days));
    }

    function test_listProduct_revertsWhen_ClaimGracePeriodTooLong() public {
        ProductParams memory p = _params();
        p.claimGracePeriod = 365 days + 1;
        _expectRejected(p, _outOfRange("claimGracePeriod", 365 days + 1, 0, 365 days));
    }

    function test_listProduct_revertsWhen_TooManyProducts() public {
        _storage.target(address(manager)).sig(manager.productCount.selector).enable_packed_slots().checked_write(
            uint256(type(uint32).max)
        );
        assertEq(manager.productCount(), type(uint32).max, "count at the 32-bit limit");
        vm.expectRevert(ICoverManager.TooManyProducts.selector);
        vm.prank(admin);
        manager.listProduct(_params());
    }

    // ---------------------------------------------------------------- updateProduct

    function test_updateProduct_replacesParamsAndEmits() public {
        ProductParams memory p = _params();
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ProductUpdated(productId, p);
        vm.prank(admin);
        manager.updateProduct(productId, p);
        _assertParams(manager.product(productId), p);
        assertEq(uint8(manager.productStatus(productId)), uint8(ProductStatus.Active), "status untouched");
        assertEq(manager.productCount(), 1, "no new product");
    }

    function test_updateProduct_appliesToNewPurchasesOnly() public {
        (uint256 coverId,) = buy(alice, 60_000e6, 30 days);
        uint256 before = manager.quote(productId, 10_000e6, 30 days);
        ProductParams memory p = _params();
        p.claimRoute = route;
        vm.prank(admin);
        manager.updateProduct(productId, p);
        assertGt(manager.quote(productId, 10_000e6, 30 days), before, "higher base rate prices higher");
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.CoverAmountTooLarge.selector, productId, 60_000e6, 50_000e6)
        );
        buy(bob, 60_000e6, 30 days);
        assertEq(manager.cover(coverId).amount, 60_000e6, "existing cover unchanged");
        assertEq(manager.ownerOf(coverId), alice, "existing cover kept");
    }

    function test_updateProduct_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 2));
        vm.prank(admin);
        manager.updateProduct(2, _params());
    }

    function test_updateProduct_revertsWhen_NotAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, route, DEFAULT_ADMIN_ROLE)
        );
        vm.prank(route);
        manager.updateProduct(productId, _params());
    }

    // ---------------------------------------------------------------- setProductStatus

    function test_setProductStatus_pausesRetiresAndReactivates() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ProductStatusSet(productId, ProductStatus.Paused);
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Paused);
        assertEq(uint8(manager.productStatus(productId)), uint8(ProductStatus.Paused), "paused");

        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.ProductStatusSet(productId, ProductStatus.Retired);
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Retired);
        assertEq(uint8(manager.productStatus(productId)), uint8(ProductStatus.Retired), "retired");
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.ProductNotActive.selector, productId, ProductStatus.Retired)
        );
        manager.quote(productId, 1_000e6, 10 days);

        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Active);
        (uint256 id,) = buy(alice, 1_000e6, 10 days);
        assertEq(manager.ownerOf(id), alice, "sells again once Active");
    }

    function test_setProductStatus_revertsWhen_Unlisted() public {
        vm.expectRevert(_outOfRange("status", 0, 1, 3));
        vm.prank(admin);
        manager.setProductStatus(productId, ProductStatus.Unlisted);
    }

    function test_setProductStatus_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 5));
        vm.prank(admin);
        manager.setProductStatus(5, ProductStatus.Paused);
    }

    function test_setProductStatus_revertsWhen_NotAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, guardian, DEFAULT_ADMIN_ROLE)
        );
        vm.prank(guardian);
        manager.setProductStatus(productId, ProductStatus.Paused);
    }

    // ---------------------------------------------------------------- views

    function test_product_revertsWhen_UnknownProduct() public {
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 0));
        manager.product(0);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.UnknownProduct.selector, 2));
        manager.product(2);
        assertEq(uint8(manager.productStatus(2)), uint8(ProductStatus.Unlisted), "unknown product is Unlisted");
    }

    function _buyParamsFor(uint256 id, uint256 amount, uint256 period)
        internal
        view
        returns (BuyCoverParams memory p)
    {
        p = buyParams(amount, period, alice);
        p.productId = id;
    }
}
