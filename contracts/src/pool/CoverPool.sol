// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {ICoverPool} from "../interfaces/ICoverPool.sol";
import {ICoverManager} from "../interfaces/ICoverManager.sol";
import {MathLib} from "../libraries/MathLib.sol";

/// @title CoverPool
/// @notice ERC-4626 capital pool behind Bulwark covers; see ICoverPool for the specification.
contract CoverPool is ERC4626, AccessControl, ICoverPool {
    using MathLib for uint256;
    using SafeERC20 for IERC20;

    /// @notice Bounds governance can set the exit cooldown and execution window within (seconds).
    uint256 public constant MIN_COOLDOWN = 1 days;
    uint256 public constant MAX_COOLDOWN = 90 days;
    uint256 public constant MIN_WINDOW = 1 days;
    uint256 public constant MAX_WINDOW = 30 days;

    /// @dev Shares have 6 more decimals than the asset: the virtual shares that make the first-deposit
    /// (donation) attack cost the attacker about a million times what it could take.
    uint8 internal constant DECIMALS_OFFSET = 6;

    ICoverManager internal immutable _manager;
    uint32 internal _cooldown;
    uint32 internal _window;
    mapping(address owner => WithdrawalRequest) internal _requests;

    /// @notice Deployed by its CoverManager, which becomes `manager()`.
    /// @param asset_ The pool's asset (for example USDC).
    /// @param admin Holder of DEFAULT_ADMIN_ROLE, to be handed to the governance timelock.
    constructor(
        IERC20Metadata asset_,
        string memory name_,
        string memory symbol_,
        address admin,
        uint256 cooldown_,
        uint256 window_
    ) ERC4626(asset_) ERC20(name_, symbol_) {
        _manager = ICoverManager(msg.sender);
        // The manager pays checked payouts and cancellation refunds straight from the pool's balance.
        SafeERC20.forceApprove(IERC20(address(asset_)), msg.sender, type(uint256).max);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setWithdrawalParams(cooldown_, window_);
    }

    // ================================================================ ERC-4626

    /// @notice The asset balance minus unearned premium and owed payouts: what the shares are worth.
    function totalAssets() public view override(ERC4626, IERC4626) returns (uint256) {
        return IERC20(asset()).balanceOf(address(this)).zeroFloorSub(_manager.liabilities());
    }

    /// @notice Assets `owner` can withdraw now: 0 unless its request is matured and inside its window,
    /// at most the requested shares' value and at most the free capital.
    function maxWithdraw(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        if (!_executable(_requests[owner])) return 0;
        uint256 assets = _convertToAssets(_lockedShares(owner), Math.Rounding.Floor);
        uint256 free = freeCapital();
        return assets < free ? assets : free;
    }

    /// @notice Shares `owner` can redeem now, under the same limits as `maxWithdraw`.
    function maxRedeem(address owner) public view override(ERC4626, IERC4626) returns (uint256) {
        if (!_executable(_requests[owner])) return 0;
        uint256 shares = _lockedShares(owner);
        uint256 freeShares = _convertToShares(freeCapital(), Math.Rounding.Floor);
        return shares < freeShares ? shares : freeShares;
    }

    /// @notice Executes a matured request for `assets`; reverts naming the reason when it cannot.
    function withdraw(uint256 assets, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        returns (uint256)
    {
        _checkExit(owner, previewWithdraw(assets), assets);
        return super.withdraw(assets, receiver, owner);
    }

    /// @notice Executes a matured request for `shares`; reverts naming the reason when it cannot.
    function redeem(uint256 shares, address receiver, address owner)
        public
        override(ERC4626, IERC4626)
        returns (uint256)
    {
        _checkExit(owner, shares, previewRedeem(shares));
        return super.redeem(shares, receiver, owner);
    }

    // ================================================================ exits

    /// @inheritdoc ICoverPool
    function requestWithdraw(uint256 shares) external {
        if (shares == 0) revert ZeroShares();
        uint256 balance = balanceOf(msg.sender);
        if (shares > balance) revert InsufficientShares(msg.sender, shares, balance);
        uint256 unlocksAt = block.timestamp + _cooldown;
        uint256 expiresAt = unlocksAt + _window;
        // Casts: shares <= totalSupply, which ERC20 bounds far below 2^128 for any real asset; times
        // are a few days past now.
        _requests[msg.sender] = WithdrawalRequest(uint128(shares), uint64(unlocksAt), uint64(expiresAt));
        emit WithdrawalRequested(msg.sender, shares, unlocksAt, expiresAt);
    }

    /// @inheritdoc ICoverPool
    function cancelWithdrawRequest() external {
        uint256 shares = _requests[msg.sender].shares;
        if (shares == 0) revert NoWithdrawalRequest(msg.sender);
        delete _requests[msg.sender];
        emit WithdrawalRequestCancelled(msg.sender, shares);
    }

    /// @inheritdoc ICoverPool
    function withdrawalRequest(address owner) external view returns (WithdrawalRequest memory) {
        return _requests[owner];
    }

    // ================================================================ views

    /// @inheritdoc ICoverPool
    function manager() external view returns (address) {
        return address(_manager);
    }

    /// @inheritdoc ICoverPool
    function cooldown() external view returns (uint256) {
        return _cooldown;
    }

    /// @inheritdoc ICoverPool
    function executionWindow() external view returns (uint256) {
        return _window;
    }

    /// @inheritdoc ICoverPool
    function freeCapital() public view returns (uint256) {
        if (_manager.openClaims() != 0) return 0;
        return totalAssets().zeroFloorSub(_manager.requiredCapital());
    }

    /// @dev ERC-165 through AccessControl.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(ICoverPool).interfaceId || super.supportsInterface(interfaceId);
    }

    // ================================================================ privileged

    /// @inheritdoc ICoverPool
    function setWithdrawalParams(uint256 cooldown_, uint256 window_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setWithdrawalParams(cooldown_, window_);
    }

    // ================================================================ internal

    function _decimalsOffset() internal pure override returns (uint8) {
        return DECIMALS_OFFSET;
    }

    /// @dev Burns from the request first, so the shares that leave are the ones that were locked.
    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
    {
        WithdrawalRequest storage request = _requests[owner];
        uint256 left = request.shares - shares; // _checkExit: shares <= requested
        if (left == 0) delete _requests[owner];
        else request.shares = uint128(left);
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    /// @dev Requested shares cannot be transferred (they can only be redeemed).
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 locked = _requests[from].shares;
            if (locked != 0) {
                uint256 balance = balanceOf(from);
                if (balance < value + locked) revert SharesLocked(from, value, locked, balance);
            }
        }
        super._update(from, to, value);
    }

    /// @dev Reverts with the precise reason an exit of `shares` (worth `assets`) by `owner` cannot run now.
    function _checkExit(address owner, uint256 shares, uint256 assets) internal view {
        WithdrawalRequest memory request = _requests[owner];
        if (request.shares == 0) revert NoWithdrawalRequest(owner);
        if (block.timestamp < request.unlocksAt) revert WithdrawalCoolingDown(owner, request.unlocksAt);
        if (block.timestamp > request.expiresAt) revert WithdrawalWindowClosed(owner, request.expiresAt);
        if (shares > request.shares) revert ExceedsRequestedShares(owner, shares, request.shares);
        uint256 open = _manager.openClaims();
        if (open != 0) revert WithdrawalsFrozen(open);
        uint256 free = freeCapital();
        if (assets > free) revert CapitalRequiredByCover(assets, free);
    }

    function _executable(WithdrawalRequest memory request) internal view returns (bool) {
        return request.shares != 0 && block.timestamp >= request.unlocksAt && block.timestamp <= request.expiresAt;
    }

    /// @dev Requested shares still held (a request never exceeds the balance: they cannot move).
    function _lockedShares(address owner) internal view returns (uint256) {
        uint256 shares = _requests[owner].shares;
        uint256 balance = balanceOf(owner);
        return shares < balance ? shares : balance;
    }

    function _setWithdrawalParams(uint256 cooldown_, uint256 window_) internal {
        if (cooldown_ < MIN_COOLDOWN || cooldown_ > MAX_COOLDOWN) {
            revert ParameterOutOfRange("cooldown", cooldown_, MIN_COOLDOWN, MAX_COOLDOWN);
        }
        if (window_ < MIN_WINDOW || window_ > MAX_WINDOW) {
            revert ParameterOutOfRange("window", window_, MIN_WINDOW, MAX_WINDOW);
        }
        _cooldown = uint32(cooldown_);
        _window = uint32(window_);
        emit WithdrawalParamsSet(cooldown_, window_);
    }
}
