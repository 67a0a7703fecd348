// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

import {UnitBase} from "./UnitBase.sol";
import {ICoverManager} from "../../src/interfaces/ICoverManager.sol";

/// @dev Accepts covers and records the last callback.
contract GoodReceiver is IERC721Receiver {
    address public operator;
    address public from;
    uint256 public tokenId;
    bytes public data;

    function onERC721Received(address operator_, address from_, uint256 tokenId_, bytes calldata data_)
        external
        returns (bytes4)
    {
        operator = operator_;
        from = from_;
        tokenId = tokenId_;
        data = data_;
        return IERC721Receiver.onERC721Received.selector;
    }
}

/// @dev Answers the callback with the wrong value.
contract WrongReceiver is IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        return 0x12345678;
    }
}

/// @dev Rejects covers with a reason.
contract RevertingReceiver is IERC721Receiver {
    function onERC721Received(address, address, uint256, bytes calldata) external pure returns (bytes4) {
        revert("no covers");
    }
}

contract CoverNFTTest is UnitBase {
    uint256 internal coverId;

    function setUp() public override {
        super.setUp();
        (coverId,) = _buyReference();
    }

    function test_metadata_nameAndSymbol() public view {
        assertEq(manager.name(), "Bulwark Cover", "name");
        assertEq(manager.symbol(), "BWCOVER", "symbol");
    }

    function test_supportsInterface_erc721MetadataErc165AccessControl() public view {
        assertTrue(manager.supportsInterface(type(IERC721).interfaceId), "IERC721");
        assertTrue(manager.supportsInterface(type(IERC721Metadata).interfaceId), "IERC721Metadata");
        assertTrue(manager.supportsInterface(type(IERC165).interfaceId), "IERC165");
        assertTrue(manager.supportsInterface(type(IAccessControl).interfaceId), "IAccessControl");
        assertEq(type(IERC721).interfaceId, bytes4(0x80ac58cd), "ERC-721 id");
        assertEq(type(IERC721Metadata).interfaceId, bytes4(0x5b5e139f), "ERC-721 metadata id");
        assertFalse(manager.supportsInterface(0xffffffff), "0xffffffff must be unsupported");
        assertFalse(manager.supportsInterface(0x12345678), "random id");
    }

    // ---------------------------------------------------------------- tokenURI

    function test_tokenURI_emptyThenSetBaseURI() public {
        assertEq(manager.tokenURI(coverId), "", "no base URI: empty");
        vm.prank(admin);
        manager.setBaseTokenURI("https://covers.bulwark.example/");
        assertEq(manager.tokenURI(coverId), "https://covers.bulwark.example/1", "base + id");
        (uint256 second,) = buy(bob, 1_000e6, 10 days);
        assertEq(manager.tokenURI(second), "https://covers.bulwark.example/2", "second cover");
        vm.prank(admin);
        manager.setBaseTokenURI("");
        assertEq(manager.tokenURI(coverId), "", "cleared");
    }

    function test_tokenURI_revertsWhen_NonexistentToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 7));
        manager.tokenURI(7);
        vm.prank(alice);
        manager.cancelCover(coverId, 0);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, coverId));
        manager.tokenURI(coverId);
    }

    function test_setBaseTokenURI_revertsWhen_NotAdmin() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAccessControl.AccessControlUnauthorizedAccount.selector, alice, DEFAULT_ADMIN_ROLE)
        );
        vm.prank(alice);
        manager.setBaseTokenURI("ipfs://x/");
    }

    // ---------------------------------------------------------------- balanceOf / ownerOf

    function test_balanceOf_revertsWhen_ZeroOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidOwner.selector, address(0)));
        manager.balanceOf(address(0));
    }

    function test_ownerOf_revertsWhen_NonexistentToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 0));
        manager.ownerOf(0);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 2));
        manager.ownerOf(2);
    }

    function test_ownerOf_expiredCoverKeepsOwner() public {
        vm.warp(T0 + 100 days);
        assertEq(manager.ownerOf(coverId), alice, "expired covers are not burnt");
        assertEq(manager.balanceOf(alice), 1, "still counted");
    }

    // ---------------------------------------------------------------- transfers

    function test_transferFrom_byOwnerMovesCover() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit IERC721.Transfer(alice, bob, coverId);
        vm.prank(alice);
        manager.transferFrom(alice, bob, coverId);
        assertEq(manager.ownerOf(coverId), bob, "new owner");
        assertEq(manager.cover(coverId).owner, bob, "stored owner follows the NFT");
        assertEq(manager.balanceOf(alice), 0, "sender balance");
        assertEq(manager.balanceOf(bob), 1, "receiver balance");
    }

    function test_transferFrom_byApprovedClearsApproval() public {
        vm.prank(alice);
        manager.approve(bob, coverId);
        vm.prank(bob);
        manager.transferFrom(alice, lp2, coverId);
        assertEq(manager.ownerOf(coverId), lp2, "moved by the approved address");
        assertEq(manager.getApproved(coverId), address(0), "approval cleared");
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, bob, coverId));
        vm.prank(bob);
        manager.transferFrom(lp2, bob, coverId);
    }

    function test_transferFrom_byOperator() public {
        vm.prank(alice);
        manager.setApprovalForAll(bob, true);
        vm.prank(bob);
        manager.transferFrom(alice, bob, coverId);
        assertEq(manager.ownerOf(coverId), bob, "moved by the operator");
    }

    function test_transferFrom_newOwnerManagesCover() public {
        vm.prank(alice);
        manager.transferFrom(alice, bob, coverId);
        vm.prank(bob);
        uint256 premium = manager.extendCover(coverId, 5 days, type(uint256).max);
        assertGt(premium, 0, "new owner extended");
    }

    function test_transferFrom_revertsWhen_ToZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(0)));
        vm.prank(alice);
        manager.transferFrom(alice, address(0), coverId);
    }

    function test_transferFrom_revertsWhen_NonexistentToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 9));
        vm.prank(alice);
        manager.transferFrom(alice, bob, 9);
    }

    function test_transferFrom_revertsWhen_IncorrectOwner() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721IncorrectOwner.selector, bob, coverId, alice));
        vm.prank(alice);
        manager.transferFrom(bob, lp2, coverId);
    }

    function test_transferFrom_revertsWhen_InsufficientApproval() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, bob, coverId));
        vm.prank(bob);
        manager.transferFrom(alice, bob, coverId);
    }

    function test_safeTransferFrom_toEoa() public {
        vm.prank(alice);
        manager.safeTransferFrom(alice, bob, coverId);
        assertEq(manager.ownerOf(coverId), bob, "moved to an EOA");
    }

    function test_safeTransferFrom_toReceiverWithData() public {
        GoodReceiver receiver = new GoodReceiver();
        vm.prank(alice);
        manager.setApprovalForAll(bob, true);
        vm.prank(bob);
        manager.safeTransferFrom(alice, address(receiver), coverId, hex"c0ffee");
        assertEq(manager.ownerOf(coverId), address(receiver), "moved to the receiver");
        assertEq(receiver.operator(), bob, "callback operator");
        assertEq(receiver.from(), alice, "callback from");
        assertEq(receiver.tokenId(), coverId, "callback token");
        assertEq(receiver.data(), hex"c0ffee", "callback data");
    }

    function test_safeTransferFrom_toReceiverWithoutData() public {
        GoodReceiver receiver = new GoodReceiver();
        vm.prank(alice);
        manager.safeTransferFrom(alice, address(receiver), coverId);
        assertEq(manager.ownerOf(coverId), address(receiver), "moved");
        assertEq(receiver.data().length, 0, "empty data");
    }

    function test_safeTransferFrom_revertsWhen_ReceiverReturnsWrongValue() public {
        WrongReceiver receiver = new WrongReceiver();
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(receiver)));
        vm.prank(alice);
        manager.safeTransferFrom(alice, address(receiver), coverId);
    }

    function test_safeTransferFrom_revertsWhen_ReceiverReverts() public {
        RevertingReceiver receiver = new RevertingReceiver();
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(receiver)));
        vm.prank(alice);
        manager.safeTransferFrom(alice, address(receiver), coverId);
    }

    function test_safeTransferFrom_revertsWhen_ContractIsNoReceiver() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidReceiver.selector, address(usdc)));
        vm.prank(alice);
        manager.safeTransferFrom(alice, address(usdc), coverId, "");
        assertEq(manager.ownerOf(coverId), alice, "not moved");
    }

    // ---------------------------------------------------------------- approvals

    function test_approve_setsAndEmits() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit IERC721.Approval(alice, bob, coverId);
        vm.prank(alice);
        manager.approve(bob, coverId);
        assertEq(manager.getApproved(coverId), bob, "approved");
        vm.prank(alice);
        manager.approve(address(0), coverId);
        assertEq(manager.getApproved(coverId), address(0), "approval removed");
    }

    function test_approve_byOperator() public {
        vm.prank(alice);
        manager.setApprovalForAll(bob, true);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IERC721.Approval(alice, lp2, coverId);
        vm.prank(bob);
        manager.approve(lp2, coverId);
        assertEq(manager.getApproved(coverId), lp2, "operator approved for the owner");
    }

    function test_approve_revertsWhen_InvalidApprover() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidApprover.selector, bob));
        vm.prank(bob);
        manager.approve(bob, coverId);
        // A token-approved address cannot approve others.
        vm.prank(alice);
        manager.approve(bob, coverId);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidApprover.selector, bob));
        vm.prank(bob);
        manager.approve(lp2, coverId);
    }

    function test_approve_revertsWhen_NonexistentToken() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 5));
        vm.prank(alice);
        manager.approve(bob, 5);
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, 5));
        manager.getApproved(5);
    }

    function test_setApprovalForAll_setsRevokesAndEmits() public {
        vm.expectEmit(true, true, true, true, address(manager));
        emit IERC721.ApprovalForAll(alice, bob, true);
        vm.prank(alice);
        manager.setApprovalForAll(bob, true);
        assertTrue(manager.isApprovedForAll(alice, bob), "operator set");
        vm.prank(alice);
        manager.setApprovalForAll(bob, false);
        assertFalse(manager.isApprovedForAll(alice, bob), "operator revoked");
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InsufficientApproval.selector, bob, coverId));
        vm.prank(bob);
        manager.transferFrom(alice, bob, coverId);
    }

    function test_setApprovalForAll_revertsWhen_OperatorZero() public {
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721InvalidOperator.selector, address(0)));
        vm.prank(alice);
        manager.setApprovalForAll(address(0), true);
    }

    function test_approvals_doNotFollowTransferredCover() public {
        vm.prank(alice);
        manager.setApprovalForAll(bob, true);
        vm.prank(alice);
        manager.transferFrom(alice, lp2, coverId);
        vm.expectRevert(abi.encodeWithSelector(ICoverManager.NotCoverOwner.selector, coverId, bob));
        vm.prank(bob);
        manager.cancelCover(coverId, 0);
    }

    function test_burn_clearsApprovalAndBalance() public {
        vm.prank(alice);
        manager.approve(bob, coverId);
        vm.expectEmit(true, true, true, true, address(manager));
        emit IERC721.Transfer(alice, address(0), coverId);
        vm.prank(bob);
        manager.cancelCover(coverId, 0);
        assertEq(manager.balanceOf(alice), 0, "balance decremented");
        vm.expectRevert(abi.encodeWithSelector(IERC721Errors.ERC721NonexistentToken.selector, coverId));
        manager.getApproved(coverId);
    }
}
