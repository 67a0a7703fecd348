// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager, BuyCoverParams, PermitSignature} from "../../src/interfaces/ICoverManager.sol";

contract BuyCoverWithPermitTest is UnitBase {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    address internal signer;
    uint256 internal signerKey;

    function setUp() public override {
        super.setUp();
        (signer, signerKey) = makeAddrAndKey("permitBuyer");
        usdc.faucet(signer, 1_000e6);
    }

    function _permit(uint256 key, address owner, uint256 value, uint256 deadline)
        internal
        view
        returns (PermitSignature memory sig)
    {
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, address(manager), value, usdc.nonces(owner), deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", usdc.DOMAIN_SEPARATOR(), structHash));
        (sig.v, sig.r, sig.s) = vm.sign(key, digest);
        sig.value = value;
        sig.deadline = deadline;
    }

    function _buyWithPermit(BuyCoverParams memory p, PermitSignature memory sig)
        internal
        returns (uint256 coverId, uint256 premium)
    {
        vm.prank(signer);
        return manager.buyCoverWithPermit(p, sig);
    }

    function test_buyCoverWithPermit_domainIsMockUsdc() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"),
                keccak256("Mock USD Coin"),
                keccak256("1"),
                block.chainid,
                address(usdc)
            )
        );
        assertEq(usdc.DOMAIN_SEPARATOR(), expected, "permit domain of MockUSDC");
    }

    function test_buyCoverWithPermit_buysWithOneSignature() public {
        assertEq(usdc.allowance(signer, address(manager)), 0, "no allowance before");
        PermitSignature memory sig = _permit(signerKey, signer, PREMIUM_10K_30D, block.timestamp + 1 hours);

        vm.expectEmit(true, true, true, true, address(manager));
        emit ICoverManager.CoverBought(1, productId, signer, bytes32(0), 10_000e6, PREMIUM_10K_30D, T0 + 30 days);
        (uint256 coverId, uint256 premium) = _buyWithPermit(buyParams(10_000e6, 30 days, signer), sig);

        assertEq(premium, PREMIUM_10K_30D, "premium charged");
        assertEq(manager.ownerOf(coverId), signer, "signer owns the cover");
        assertEq(usdc.balanceOf(signer), 1_000e6 - PREMIUM_10K_30D, "signer paid");
        assertEq(usdc.nonces(signer), 1, "permit consumed");
        assertEq(usdc.allowance(signer, address(manager)), 0, "allowance used up");
    }

    function test_buyCoverWithPermit_leavesUnusedAllowance() public {
        PermitSignature memory sig = _permit(signerKey, signer, 100e6, block.timestamp);
        (, uint256 premium) = _buyWithPermit(buyParams(10_000e6, 30 days, alice), sig);
        assertEq(manager.ownerOf(1), alice, "recipient other than the signer");
        assertEq(usdc.allowance(signer, address(manager)), 100e6 - premium, "value - premium left");
    }

    function test_buyCoverWithPermit_succeedsWhenPermitWasFrontRun() public {
        PermitSignature memory sig = _permit(signerKey, signer, PREMIUM_10K_30D, block.timestamp + 1 hours);
        // Someone submits the signature first: the manager's own permit call now fails.
        vm.prank(bob);
        usdc.permit(signer, address(manager), sig.value, sig.deadline, sig.v, sig.r, sig.s);
        assertEq(usdc.allowance(signer, address(manager)), PREMIUM_10K_30D, "front-run permit set the allowance");

        (uint256 coverId, uint256 premium) = _buyWithPermit(buyParams(10_000e6, 30 days, signer), sig);
        assertEq(premium, PREMIUM_10K_30D, "premium charged");
        assertEq(manager.ownerOf(coverId), signer, "bought despite the failed permit");
        assertEq(usdc.nonces(signer), 1, "nonce used once");
        assertEq(usdc.allowance(signer, address(manager)), 0, "allowance used");
    }

    function test_buyCoverWithPermit_ignoresBadPermitWithExistingAllowance() public {
        vm.prank(signer);
        usdc.approve(address(manager), type(uint256).max);
        PermitSignature memory junk = PermitSignature(1, 0, 27, bytes32(uint256(1)), bytes32(uint256(2)));
        (uint256 coverId,) = _buyWithPermit(buyParams(10_000e6, 30 days, signer), junk);
        assertEq(manager.ownerOf(coverId), signer, "bought with the standing allowance");
        assertEq(usdc.nonces(signer), 0, "no permit consumed");
    }

    function test_buyCoverWithPermit_revertsWhen_SignatureInvalidAndNoAllowance() public {
        PermitSignature memory sig = _permit(signerKey, signer, PREMIUM_10K_30D, block.timestamp);
        sig.s = bytes32(uint256(sig.s) ^ 1); // corrupted
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(manager), 0, PREMIUM_10K_30D
            )
        );
        _buyWithPermit(buyParams(10_000e6, 30 days, signer), sig);
    }

    function test_buyCoverWithPermit_revertsWhen_SignedByAnotherKey() public {
        (, uint256 otherKey) = makeAddrAndKey("someoneElse");
        PermitSignature memory sig = _permit(otherKey, signer, PREMIUM_10K_30D, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(manager), 0, PREMIUM_10K_30D
            )
        );
        _buyWithPermit(buyParams(10_000e6, 30 days, signer), sig);
    }

    function test_buyCoverWithPermit_revertsWhen_DeadlinePassed() public {
        PermitSignature memory sig = _permit(signerKey, signer, PREMIUM_10K_30D, block.timestamp - 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector, address(manager), 0, PREMIUM_10K_30D
            )
        );
        _buyWithPermit(buyParams(10_000e6, 30 days, signer), sig);
        assertEq(usdc.nonces(signer), 0, "expired permit not consumed");
    }

    function test_buyCoverWithPermit_revertsWhen_PermitValueBelowPremium() public {
        PermitSignature memory sig = _permit(signerKey, signer, PREMIUM_10K_30D - 1, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(
                IERC20Errors.ERC20InsufficientAllowance.selector,
                address(manager),
                PREMIUM_10K_30D - 1,
                PREMIUM_10K_30D
            )
        );
        _buyWithPermit(buyParams(10_000e6, 30 days, signer), sig);
        assertEq(usdc.nonces(signer), 0, "reverted purchase leaves the permit unused");
    }

    function test_buyCoverWithPermit_revertsWhen_PremiumAboveMax() public {
        PermitSignature memory sig = _permit(signerKey, signer, PREMIUM_10K_30D, block.timestamp);
        BuyCoverParams memory p = buyParams(10_000e6, 30 days, signer);
        p.maxPremium = PREMIUM_10K_30D - 1;
        vm.expectRevert(
            abi.encodeWithSelector(ICoverManager.PremiumAboveMax.selector, PREMIUM_10K_30D, PREMIUM_10K_30D - 1)
        );
        _buyWithPermit(p, sig);
    }

    function test_buyCoverWithPermit_revertsWhen_SalesPaused() public {
        vm.prank(guardian);
        manager.pauseSales(_ids(productId), 2 days);
        PermitSignature memory sig = _permit(signerKey, signer, PREMIUM_10K_30D, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.SalesPaused.selector, productId, T0 + 2 days));
        _buyWithPermit(buyParams(10_000e6, 30 days, signer), sig);
    }
}
