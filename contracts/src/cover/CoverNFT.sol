// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ParamsLib} from "../libraries/ParamsLib.sol";

/// @title CoverNFT
/// @notice ERC-721 for covers: each cover is a token, and its owner receives every payout.
/// @dev Ownership is not kept in a mapping of its own: the inheriting CoverManager stores the owner in
/// the same storage slot as the cover's product and dates (`_ownerOf`/`_setOwner`), so minting a cover
/// writes one slot fewer. Behaviour follows OpenZeppelin's ERC721 and its custom errors.
abstract contract CoverNFT is IERC721Metadata, IERC721Errors {

    mapping(address owner => uint256) internal _balances;
    mapping(uint256 tokenId => address) private _tokenApprovals;
    mapping(address owner => mapping(address operator => bool)) private _operatorApprovals;

    /// @dev Base of `tokenURI`; empty means no URI.
    string internal _baseTokenURI;

    /// @dev Owner of `tokenId`, zero when it does not exist.
    function _ownerOf(uint256 tokenId) internal view virtual returns (address);

    /// @dev Records `owner` as the owner of an existing `tokenId` (zero when burnt).
    function _setOwner(uint256 tokenId, address owner) internal virtual;

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view virtual returns (bool) {
        return interfaceId == type(IERC721).interfaceId || interfaceId == type(IERC721Metadata).interfaceId
            || interfaceId == type(IERC165).interfaceId;
    }

    /// @inheritdoc IERC721Metadata
    function name() external pure returns (string memory) {
        return "Bulwark Cover";
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external pure returns (string memory) {
        return "BWCOVER";
    }

    /// @inheritdoc IERC721Metadata
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        _requireOwned(tokenId);
        return ParamsLib.tokenURI(_baseTokenURI, tokenId);
    }

    /// @inheritdoc IERC721
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        return _balances[owner];
    }

    /// @inheritdoc IERC721
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _requireOwned(tokenId);
    }

    /// @inheritdoc IERC721
    function approve(address to, uint256 tokenId) external {
        address owner = _requireOwned(tokenId);
        if (msg.sender != owner && !_operatorApprovals[owner][msg.sender]) revert ERC721InvalidApprover(msg.sender);
        _tokenApprovals[tokenId] = to;
        emit Approval(owner, to, tokenId);
    }

    /// @inheritdoc IERC721
    function getApproved(uint256 tokenId) external view returns (address) {
        _requireOwned(tokenId);
        return _tokenApprovals[tokenId];
    }

    /// @inheritdoc IERC721
    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC721InvalidOperator(operator);
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @inheritdoc IERC721
    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operatorApprovals[owner][operator];
    }

    /// @inheritdoc IERC721
    function transferFrom(address from, address to, uint256 tokenId) public {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        address owner = _requireOwned(tokenId);
        if (owner != from) revert ERC721IncorrectOwner(from, tokenId, owner);
        if (!_isAuthorized(owner, msg.sender, tokenId)) revert ERC721InsufficientApproval(msg.sender, tokenId);
        delete _tokenApprovals[tokenId];
        unchecked {
            // Balances cannot overflow: each counts distinct tokens, fewer than 2^256.
            _balances[from] -= 1;
            _balances[to] += 1;
        }
        _setOwner(tokenId, to);
        emit Transfer(from, to, tokenId);
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 tokenId) external {
        safeTransferFrom(from, to, tokenId, "");
    }

    /// @inheritdoc IERC721
    function safeTransferFrom(address from, address to, uint256 tokenId, bytes memory data) public {
        transferFrom(from, to, tokenId);
        if (to.code.length > 0) {
            try IERC721Receiver(to).onERC721Received(msg.sender, from, tokenId, data) returns (bytes4 retval) {
                if (retval != IERC721Receiver.onERC721Received.selector) revert ERC721InvalidReceiver(to);
            } catch {
                revert ERC721InvalidReceiver(to);
            }
        }
    }

    /// @dev Owner of `tokenId`; reverts when it does not exist.
    function _requireOwned(uint256 tokenId) internal view returns (address owner) {
        owner = _ownerOf(tokenId);
        if (owner == address(0)) revert ERC721NonexistentToken(tokenId);
    }

    /// @dev Whether `spender` may move or manage `owner`'s `tokenId`.
    function _isAuthorized(address owner, address spender, uint256 tokenId) internal view returns (bool) {
        return spender == owner || _operatorApprovals[owner][spender] || _tokenApprovals[tokenId] == spender;
    }

    /// @dev Counts a new token of `to`; the caller stores the owner with the cover and emits nothing else.
    /// Not a safe mint: covers are minted to any recipient without a callback, so a purchase cannot be
    /// re-entered through the recipient.
    function _mintTo(address to, uint256 tokenId) internal {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        unchecked {
            _balances[to] += 1;
        }
        emit Transfer(address(0), to, tokenId);
    }

    /// @dev Burns `tokenId` of `owner`.
    function _burn(address owner, uint256 tokenId) internal {
        delete _tokenApprovals[tokenId];
        unchecked {
            _balances[owner] -= 1;
        }
        _setOwner(tokenId, address(0));
        emit Transfer(owner, address(0), tokenId);
    }
}
