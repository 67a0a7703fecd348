// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";

/// @title ICoverPool
/// @notice An ERC-4626 capital pool over one asset. Depositors supply the capital that backs cover,
/// earn the premiums as they are earned (linearly over each cover's period) and bear payouts pro rata.
/// @dev `totalAssets()` is the pool's asset balance minus its liabilities (unearned premium and payouts
/// owed), both kept by the CoverManager, so the share price rises only as premium is earned and falls
/// only by payouts. Exits are two-step: `requestWithdraw`, a cooldown, then `withdraw`/`redeem` inside
/// an execution window. Requested shares stay in the pool, bear losses and earn premium until they
/// leave, and cannot be transferred. No exit may take capital below what active cover requires, and
/// exits wait while a claim or incident against the pool is open.
///
/// Privileged powers (DEFAULT_ADMIN_ROLE, to be held by the governance timelock):
/// - `setWithdrawalParams`: cooldown in [MIN_COOLDOWN, MAX_COOLDOWN], window in [MIN_WINDOW, MAX_WINDOW].
/// Besides exits, only the CoverManager moves assets out: the pool approves it at deployment, and it
/// pays only payouts it has checked (claim route, cover active, amount within cover and free capital)
/// and cancellation refunds from unearned premium. No role can move depositors' funds.
interface ICoverPool is IERC4626 {
    /// @notice A depositor's pending exit.
    /// @param shares Shares requested; they stay in the owner's balance but cannot be transferred.
    /// @param unlocksAt First second at which the request can be executed.
    /// @param expiresAt Last second at which the request can be executed.
    struct WithdrawalRequest {
        uint128 shares;
        uint64 unlocksAt;
        uint64 expiresAt;
    }

    // ---------------------------------------------------------------- errors

    /// @notice A withdrawal request for zero shares.
    error ZeroShares();
    /// @notice `owner` has no withdrawal request.
    error NoWithdrawalRequest(address owner);
    /// @notice The request of `owner` is still in its cooldown until `unlocksAt`.
    error WithdrawalCoolingDown(address owner, uint256 unlocksAt);
    /// @notice The execution window of the request of `owner` closed at `expiredAt`; request again.
    error WithdrawalWindowClosed(address owner, uint256 expiredAt);
    /// @notice The exit needs `shares` but `owner` requested only `requested`.
    error ExceedsRequestedShares(address owner, uint256 shares, uint256 requested);
    /// @notice `owner` asked to lock `shares` but holds only `balance`.
    error InsufficientShares(address owner, uint256 shares, uint256 balance);
    /// @notice Exits wait while `openClaims` claims or incidents against the pool are open.
    error WithdrawalsFrozen(uint256 openClaims);
    /// @notice The exit of `assets` would take capital below the requirement of active cover;
    /// `available` can leave now.
    error CapitalRequiredByCover(uint256 assets, uint256 available);
    /// @notice `value` shares of `owner` cannot move: `locked` of its `balance` are requested for exit.
    error SharesLocked(address owner, uint256 value, uint256 locked, uint256 balance);
    /// @notice A withdrawal parameter is outside its bounds.
    error ParameterOutOfRange(string name, uint256 value, uint256 min, uint256 max);

    // ---------------------------------------------------------------- events

    /// @notice `owner` requested to exit with `shares`, executable from `unlocksAt` to `expiresAt`.
    /// A new request replaces the previous one.
    event WithdrawalRequested(address indexed owner, uint256 shares, uint256 unlocksAt, uint256 expiresAt);
    /// @notice `owner` cancelled its request for `shares`.
    event WithdrawalRequestCancelled(address indexed owner, uint256 shares);
    /// @notice Governance set the exit cooldown and execution window (seconds).
    event WithdrawalParamsSet(uint256 cooldown, uint256 window);

    // ---------------------------------------------------------------- depositors

    /// @notice Requests to exit with `shares` of the caller's shares, replacing any earlier request.
    /// The shares become non-transferable until executed or cancelled.
    function requestWithdraw(uint256 shares) external;

    /// @notice Cancels the caller's request; its shares become transferable again.
    function cancelWithdrawRequest() external;

    /// @notice The pending exit request of `owner` (zeroes when none).
    function withdrawalRequest(address owner) external view returns (WithdrawalRequest memory);

    // ---------------------------------------------------------------- views

    /// @notice The CoverManager that keeps this pool's covers and liabilities.
    function manager() external view returns (address);

    /// @notice Seconds between a request and the first second it can execute.
    function cooldown() external view returns (uint256);

    /// @notice Seconds during which a matured request can execute.
    function executionWindow() external view returns (uint256);

    /// @notice Capital that may leave now: `totalAssets()` above the capital active cover requires,
    /// or 0 while claims are open.
    function freeCapital() external view returns (uint256);

    // ---------------------------------------------------------------- privileged

    /// @notice Sets the exit cooldown and execution window, in seconds. DEFAULT_ADMIN_ROLE only.
    function setWithdrawalParams(uint256 cooldown, uint256 window) external;
}
