// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ICoverManager} from "../interfaces/ICoverManager.sol";
import {Case, CaseKind, CaseStatus, ClaimsParams, IClaimsManager} from "../interfaces/IClaimsManager.sol";
import {MathLib} from "../libraries/MathLib.sol";
import {WAD} from "../libraries/Constants.sol";

/// @title ClaimsManager
/// @notice Claims and incidents decided by BulwarkToken holders for one CoverManager, whose products
/// name this contract as their claim route; see IClaimsManager.
/// @dev Order in every state-changing call: checks (the CoverManager's eligibility checks when filing,
/// a trusted call), then this contract's accounting, then the CoverManager's payouts and the asset
/// transfers. The CoverManager enforces what must hold whatever the route (cover active at the
/// incident, past its waiting period, paid <= its amount, the owner receives the funds); this contract
/// enforces who decides and when. Every entry point that moves funds is non-reentrant.
contract ClaimsManager is IClaimsManager, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;
    using MathLib for uint256;

    /// @notice May overturn or escalate an accepted case during its challenge period.
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    // Parameter bounds.
    uint256 internal constant MIN_VOTING_PERIOD = 1 hours;
    uint256 internal constant MAX_VOTING_PERIOD = 30 days;
    uint256 internal constant MAX_CHALLENGE_PERIOD = 30 days;
    uint256 internal constant MIN_PAYOUT_WINDOW = 1 days;
    uint256 internal constant MAX_PAYOUT_WINDOW = 90 days;
    uint256 internal constant MIN_QUORUM = 0.001e18;
    uint256 internal constant MAX_QUORUM = 0.5e18;

    ICoverManager internal immutable _manager;
    IERC20 internal immutable _asset;
    IVotes internal immutable _token;

    /// @dev Read and written by every filing.
    struct FilingConfig {
        uint40 nextCaseId;
        uint32 votingPeriod;
        uint88 claimDeposit;
        uint88 incidentBond;
    }

    /// @dev Read on resolution and settlement.
    struct DecisionConfig {
        uint32 challengePeriod;
        uint32 payoutWindow;
        uint64 quorumWad;
        uint64 voterFeeWad;
    }

    /// @dev A voter's receipt on one case (one slot).
    struct Receipt {
        uint96 weight; // 0: did not vote
        bool support;
        bool rewarded;
    }

    FilingConfig internal _filing;
    DecisionConfig internal _decision;
    address internal _treasury;
    mapping(uint256 caseId => Case) internal _cases;
    mapping(uint256 caseId => mapping(address voter => Receipt)) internal _receipts;
    /// @dev Bit `coverId % 256` of word `coverId / 256`: incident `caseId` paid the cover.
    mapping(uint256 caseId => mapping(uint256 word => uint256)) internal _incidentPaid;
    mapping(uint256 productId => uint256 caseId) internal _activeIncident;

    /// @param manager_ The CoverManager whose products route claims here.
    /// @param token_ The BulwarkToken whose past votes weigh each vote.
    /// @param admin Holds DEFAULT_ADMIN_ROLE (the Timelock once deployment ends).
    /// @param guardian Holds GUARDIAN_ROLE (zero: none yet).
    /// @param params_ Initial parameters.
    constructor(ICoverManager manager_, IVotes token_, address admin, address guardian, ClaimsParams memory params_) {
        if (address(manager_) == address(0) || address(token_) == address(0) || admin == address(0)) {
            revert ZeroAddress();
        }
        _manager = manager_;
        _asset = IERC20(manager_.asset());
        _token = token_;
        _filing.nextCaseId = 1;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        if (guardian != address(0)) _grantRole(GUARDIAN_ROLE, guardian);
        _setParams(params_);
    }

    // ================================================================ claims

    /// @inheritdoc IClaimsManager
    /// @dev Not `nonReentrant`: the only call out of this contract after its writes is the deposit
    /// transfer of the pool's asset, and the CoverManager (immutable, trusted) runs before them.
    function fileClaim(uint256 coverId, uint256 amount, uint256 incidentTime, string calldata evidenceURI)
        external
        returns (uint256 caseId)
    {
        if (bytes(evidenceURI).length == 0) revert EmptyEvidence();
        FilingConfig memory f = _filing;
        caseId = f.nextCaseId;
        uint256 voteEnd = block.timestamp + f.votingPeriod;
        // The CoverManager checks the caller may claim on the cover, the cover was active at
        // `incidentTime` (not in the future) and past its waiting period, the amount, the filing
        // window and that no other claim on it is open; it then counts the claim as open.
        (, uint256 productId) = _manager.openClaim(coverId, msg.sender, incidentTime, amount);

        _filing.nextCaseId = uint40(caseId + 1);
        // Cover ids are uint40 in the CoverManager; the incident time is <= now; the amount is <= the
        // cover's, a uint96 product maximum.
        _storeCase(caseId, CaseKind.Claim, voteEnd, coverId, incidentTime, amount, f.claimDeposit);
        emit ClaimFiled(
            caseId, coverId, msg.sender, productId, amount, incidentTime, f.claimDeposit, voteEnd, evidenceURI
        );

        if (f.claimDeposit != 0) _asset.safeTransferFrom(msg.sender, address(this), f.claimDeposit);
    }

    /// @inheritdoc IClaimsManager
    function payClaim(uint256 caseId) external nonReentrant returns (uint256 paid) {
        Case storage c = _caseOf(caseId, CaseKind.Claim);
        _checkSettleable(caseId, c);
        uint256 coverId = c.subject;
        uint256 remaining = _manager.cover(coverId).amount;
        paid = c.amount < remaining ? c.amount : remaining;
        c.status = CaseStatus.Paid;
        (uint256 refund, uint256 toTreasury) = _settleAccepted(caseId, c);

        _manager.closeClaim(coverId);
        // An incident may already have paid the whole cover: nothing is left to pay then.
        if (paid != 0) _manager.payout(coverId, paid, c.incidentTime, false);
        emit ClaimPaid(caseId, coverId, _manager.ownerOf(coverId), paid);
        _sendSettlement(c.filer, refund, toTreasury);
    }

    // ================================================================ incidents

    /// @inheritdoc IClaimsManager
    function reportIncident(uint256 productId, uint256 incidentTime, uint256 payoutWad, string calldata evidenceURI)
        external
        nonReentrant
        returns (uint256 caseId)
    {
        if (bytes(evidenceURI).length == 0) revert EmptyEvidence();
        if (incidentTime > block.timestamp) revert IncidentInFuture(incidentTime);
        if (payoutWad == 0 || payoutWad > WAD) revert InvalidPayoutShare(payoutWad);
        uint256 open = _activeIncident[productId];
        if (open != 0) revert IncidentAlreadyOpen(productId, open);
        FilingConfig memory f = _filing;
        caseId = f.nextCaseId;
        uint256 voteEnd = block.timestamp + f.votingPeriod;

        _filing.nextCaseId = uint40(caseId + 1);
        _activeIncident[productId] = caseId;
        _storeCase(caseId, CaseKind.Incident, voteEnd, productId.toUint40(), incidentTime, payoutWad, f.incidentBond);
        emit IncidentReported(
            caseId, productId, msg.sender, incidentTime, payoutWad, f.incidentBond, voteEnd, evidenceURI
        );

        // Checks the product routes its claims here; its sales and the pool's exits now wait.
        _manager.openIncident(productId);
        if (f.incidentBond != 0) _asset.safeTransferFrom(msg.sender, address(this), f.incidentBond);
    }

    /// @inheritdoc IClaimsManager
    function settleIncident(uint256 caseId) external nonReentrant {
        _settleIncident(caseId, _caseOf(caseId, CaseKind.Incident));
    }

    /// @inheritdoc IClaimsManager
    function payIncident(uint256 caseId, uint256[] calldata coverIds) external nonReentrant returns (uint256 total) {
        Case storage c = _caseOf(caseId, CaseKind.Incident);
        CaseStatus status = c.status;
        if (status == CaseStatus.Accepted) {
            _settleIncident(caseId, c);
        } else if (status != CaseStatus.Payable && status != CaseStatus.Closed) {
            revert WrongStatus(caseId, status);
        }
        uint256 productId = c.subject;
        uint256 shareWad = c.amount;
        uint256 incidentTime = c.incidentTime;
        mapping(uint256 => uint256) storage paidBits = _incidentPaid[caseId];
        for (uint256 i = 0; i < coverIds.length; ++i) {
            uint256 coverId = coverIds[i];
            uint256 word = paidBits[coverId >> 8];
            uint256 bit = 1 << (coverId & 0xff);
            if (word & bit != 0) continue; // each cover once per incident; a racing keeper is harmless
            paidBits[coverId >> 8] = word | bit;
            // Reverts unless the cover is the product's, was active at the incident and past its
            // waiting period; pays its owner.
            uint256 paid = _manager.payoutShare(coverId, productId, shareWad, incidentTime);
            total += paid;
            emit IncidentCoverPaid(caseId, coverId, paid);
        }
    }

    /// @inheritdoc IClaimsManager
    function closeIncident(uint256 caseId) external nonReentrant {
        Case storage c = _caseOf(caseId, CaseKind.Incident);
        if (c.status != CaseStatus.Payable) revert WrongStatus(caseId, c.status);
        uint256 windowEnd = uint256(c.deadline) + _decision.payoutWindow;
        if (block.timestamp < windowEnd) revert PayoutWindowOpen(caseId, windowEnd);
        c.status = CaseStatus.Closed;
        uint256 productId = c.subject;
        delete _activeIncident[productId];
        emit IncidentClosed(caseId);
        _manager.closeIncident(productId);
    }

    // ================================================================ voting

    /// @inheritdoc IClaimsManager
    function castVote(uint256 caseId, bool support) external returns (uint256 weight) {
        Case storage c = _cases[caseId];
        (address filer, uint256 snapshot, uint256 deadline, CaseStatus status) = (c.filer, c.snapshot, c.deadline, c.status);
        _requireStatus(caseId, status, CaseStatus.Voting);
        if (block.timestamp >= deadline) revert VotingClosed(caseId, deadline);
        if (msg.sender == filer) revert FilerCannotVote(caseId);
        Receipt storage r = _receipts[caseId][msg.sender];
        if (r.weight != 0) revert AlreadyVoted(caseId, msg.sender);
        // Past votes at the snapshot (filing time - 1): power acquired since has no say.
        weight = _token.getPastVotes(msg.sender, snapshot);
        if (weight == 0) revert NoVotingPower(caseId, msg.sender, snapshot);

        _receipts[caseId][msg.sender] = Receipt({weight: weight.toUint96(), support: support, rewarded: false});
        if (support) c.forVotes += uint128(weight);
        else c.againstVotes += uint128(weight);
        emit VoteCast(caseId, msg.sender, support, weight);
    }

    /// @inheritdoc IClaimsManager
    function resolve(uint256 caseId) external nonReentrant returns (bool accepted) {
        Case storage c = _cases[caseId];
        _requireStatus(caseId, c.status, CaseStatus.Voting);
        if (block.timestamp < c.deadline) revert VotingOpen(caseId, c.deadline);
        uint256 forVotes = c.forVotes;
        uint256 againstVotes = c.againstVotes;
        uint256 quorum = _quorum(c.snapshot);
        accepted = forVotes + againstVotes >= quorum && forVotes > againstVotes;
        if (accepted) {
            uint256 challengeEnd = block.timestamp + _decision.challengePeriod;
            c.status = CaseStatus.Accepted;
            c.deadline = uint32(challengeEnd);
            emit CaseResolved(caseId, true, forVotes, againstVotes, quorum, challengeEnd);
        } else {
            c.status = CaseStatus.Rejected;
            emit CaseResolved(caseId, false, forVotes, againstVotes, quorum, 0);
            _forfeit(caseId, c);
        }
    }

    /// @inheritdoc IClaimsManager
    function claimRewards(uint256[] calldata caseIds) external nonReentrant returns (uint256 total) {
        for (uint256 i = 0; i < caseIds.length; ++i) {
            uint256 caseId = caseIds[i];
            Receipt storage r = _receipts[caseId][msg.sender];
            uint256 reward = _rewardOf(_cases[caseId], r);
            if (reward == 0) revert NoReward(caseId, msg.sender);
            r.rewarded = true;
            total += reward;
            emit RewardClaimed(caseId, msg.sender, reward);
        }
        _asset.safeTransfer(msg.sender, total);
    }

    // ================================================================ guardian and governance

    /// @inheritdoc IClaimsManager
    function overturn(uint256 caseId, string calldata reason) external nonReentrant {
        Case storage c = _cases[caseId];
        CaseStatus status = c.status;
        bool governance = _checkGuardianOrGovernance();
        if (status == CaseStatus.Accepted) {
            if (block.timestamp >= c.deadline) revert ChallengeClosed(caseId, c.deadline);
        } else {
            // Only governance decides an escalated case.
            _requireStatus(caseId, status, governance ? CaseStatus.Escalated : CaseStatus.Accepted);
        }
        c.status = CaseStatus.Overturned;
        emit CaseOverturned(caseId, msg.sender, reason);
        _forfeit(caseId, c);
    }

    /// @inheritdoc IClaimsManager
    function escalate(uint256 caseId) external {
        _checkGuardianOrGovernance();
        Case storage c = _cases[caseId];
        _requireStatus(caseId, c.status, CaseStatus.Accepted);
        if (block.timestamp >= c.deadline) revert ChallengeClosed(caseId, c.deadline);
        c.status = CaseStatus.Escalated;
        emit CaseEscalated(caseId, msg.sender);
    }

    /// @inheritdoc IClaimsManager
    function decide(uint256 caseId, bool accept) external nonReentrant onlyRole(DEFAULT_ADMIN_ROLE) {
        Case storage c = _cases[caseId];
        _requireStatus(caseId, c.status, CaseStatus.Escalated);
        emit CaseDecided(caseId, accept);
        if (accept) {
            // Governance's word ends the challenge: the case can be settled at once.
            c.status = CaseStatus.Accepted;
            c.deadline = uint32(block.timestamp);
        } else {
            c.status = CaseStatus.Overturned;
            emit CaseOverturned(caseId, msg.sender, "decided by governance");
            _forfeit(caseId, c);
        }
    }

    /// @inheritdoc IClaimsManager
    function setParams(ClaimsParams calldata params_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setParams(params_);
    }

    // ================================================================ views

    /// @inheritdoc IClaimsManager
    function getCase(uint256 caseId) external view returns (Case memory) {
        return _cases[caseId];
    }

    /// @inheritdoc IClaimsManager
    function caseCount() external view returns (uint256) {
        return _filing.nextCaseId - 1;
    }

    /// @inheritdoc IClaimsManager
    function params() public view returns (ClaimsParams memory) {
        FilingConfig memory f = _filing;
        DecisionConfig memory d = _decision;
        return ClaimsParams({
            votingPeriod: f.votingPeriod,
            challengePeriod: d.challengePeriod,
            payoutWindow: d.payoutWindow,
            quorumWad: d.quorumWad,
            voterFeeWad: d.voterFeeWad,
            claimDeposit: f.claimDeposit,
            incidentBond: f.incidentBond,
            treasury: _treasury
        });
    }

    /// @inheritdoc IClaimsManager
    function receipt(uint256 caseId, address voter)
        external
        view
        returns (bool voted, bool support, uint256 weight, bool rewarded)
    {
        Receipt memory r = _receipts[caseId][voter];
        return (r.weight != 0, r.support, r.weight, r.rewarded);
    }

    /// @inheritdoc IClaimsManager
    function rewardOf(uint256 caseId, address voter) external view returns (uint256) {
        return _rewardOf(_cases[caseId], _receipts[caseId][voter]);
    }

    /// @inheritdoc IClaimsManager
    function quorumOf(uint256 caseId) external view returns (uint256) {
        Case storage c = _cases[caseId];
        if (c.status == CaseStatus.None) revert UnknownCase(caseId);
        return _quorum(c.snapshot);
    }

    /// @inheritdoc IClaimsManager
    function incidentPaid(uint256 caseId, uint256 coverId) external view returns (bool) {
        return _incidentPaid[caseId][coverId >> 8] & (1 << (coverId & 0xff)) != 0;
    }

    /// @inheritdoc IClaimsManager
    function activeIncident(uint256 productId) external view returns (uint256) {
        return _activeIncident[productId];
    }

    /// @inheritdoc IClaimsManager
    function manager() external view returns (address) {
        return address(_manager);
    }

    /// @inheritdoc IClaimsManager
    function token() external view returns (address) {
        return address(_token);
    }

    // ================================================================ internal

    /// @dev Writes a new case's two first slots whole (its tally slot is still zero): filer = caller,
    /// snapshot = now - 1, status Voting. Layout of `Case`: slot 0 = filer (bits 0-159), snapshot
    /// (160-191), deadline (192-223), kind (224-231), status (232-239); slot 1 = subject (0-39),
    /// incidentTime (40-71), amount (72-167), deposit (168-255). Callers bound every value to its width.
    function _storeCase(
        uint256 caseId,
        CaseKind kind,
        uint256 deadline,
        uint256 subject,
        uint256 incidentTime,
        uint256 amount,
        uint256 deposit
    ) internal {
        uint256 word0 = uint256(uint160(msg.sender)) | ((block.timestamp - 1) << 160) | (deadline << 192)
            | (uint256(kind) << 224) | (uint256(CaseStatus.Voting) << 232);
        uint256 word1 = subject | (incidentTime << 40) | (amount << 72) | (deposit << 168);
        Case storage c = _cases[caseId];
        assembly ("memory-safe") {
            sstore(c.slot, word0)
            sstore(add(c.slot, 1), word1)
        }
    }

    /// @dev Reverts unless `status` (of case `caseId`) is `expected`; UnknownCase for a case never filed.
    function _requireStatus(uint256 caseId, CaseStatus status, CaseStatus expected) internal pure {
        if (status != expected) {
            if (status == CaseStatus.None) revert UnknownCase(caseId);
            revert WrongStatus(caseId, status);
        }
    }

    /// @dev Reverts unless the caller is the guardian or governance; returns whether it is governance.
    function _checkGuardianOrGovernance() internal view returns (bool governance) {
        governance = hasRole(DEFAULT_ADMIN_ROLE, msg.sender);
        if (!governance && !hasRole(GUARDIAN_ROLE, msg.sender)) {
            revert AccessControlUnauthorizedAccount(msg.sender, GUARDIAN_ROLE);
        }
    }

    function _caseOf(uint256 caseId, CaseKind kind) internal view returns (Case storage c) {
        c = _cases[caseId];
        if (c.status == CaseStatus.None) revert UnknownCase(caseId);
        if (c.kind != kind) revert WrongKind(caseId, kind);
    }

    /// @dev Accepted, and its challenge period over.
    function _checkSettleable(uint256 caseId, Case storage c) internal view {
        if (c.status != CaseStatus.Accepted) revert WrongStatus(caseId, c.status);
        if (block.timestamp < c.deadline) revert ChallengeOpen(caseId, c.deadline);
    }

    function _settleIncident(uint256 caseId, Case storage c) internal {
        _checkSettleable(caseId, c);
        c.status = CaseStatus.Payable;
        c.deadline = uint32(block.timestamp);
        (uint256 refund, uint256 toTreasury) = _settleAccepted(caseId, c);
        emit IncidentPayable(caseId, block.timestamp + _decision.payoutWindow);
        _sendSettlement(c.filer, refund, toTreasury);
    }

    /// @dev Splits an accepted case's deposit: the voters' fee stays as the reward pool (or goes to
    /// the treasury if nobody voted), the rest is the filer's refund. Accounting only;
    /// `_sendSettlement` moves the funds.
    function _settleAccepted(uint256 caseId, Case storage c)
        internal
        returns (uint256 refund, uint256 toTreasury)
    {
        uint256 deposit = c.deposit;
        uint256 fee = deposit.wMulDown(_decision.voterFeeWad);
        refund = deposit - fee;
        toTreasury = _keepPool(caseId, c, refund, fee);
    }

    /// @dev A rejected or overturned case: the whole deposit becomes the voters' reward pool, and the
    /// CoverManager closes the claim or incident.
    function _forfeit(uint256 caseId, Case storage c) internal {
        uint256 toTreasury = _keepPool(caseId, c, 0, c.deposit);
        uint256 subject = c.subject;
        if (c.kind == CaseKind.Claim) {
            _manager.closeClaim(subject);
        } else {
            delete _activeIncident[subject];
            _manager.closeIncident(subject);
        }
        _sendSettlement(address(0), 0, toTreasury);
    }

    /// @dev Stores `pool` as the case's reward pool if anyone voted and returns 0; otherwise the pool
    /// goes to the treasury and is returned. Emits the settlement.
    function _keepPool(uint256 caseId, Case storage c, uint256 refund, uint256 pool)
        internal
        returns (uint256 toTreasury)
    {
        if (c.forVotes == 0 && c.againstVotes == 0) {
            toTreasury = pool;
            pool = 0;
        }
        c.deposit = uint88(pool); // <= deposit
        emit CaseSettled(caseId, refund, pool, toTreasury);
    }

    function _sendSettlement(address filer, uint256 refund, uint256 toTreasury) internal {
        if (refund != 0) _asset.safeTransfer(filer, refund);
        if (toTreasury != 0) _asset.safeTransfer(_treasury, toTreasury);
    }

    /// @dev A voter's unclaimed share of a settled case's reward pool.
    function _rewardOf(Case storage c, Receipt storage r) internal view returns (uint256) {
        CaseStatus status = c.status;
        if (r.weight == 0 || r.rewarded) return 0;
        if (status == CaseStatus.None || status == CaseStatus.Voting || status == CaseStatus.Accepted
                || status == CaseStatus.Escalated) return 0;
        return uint256(c.deposit).mulDivDown(r.weight, uint256(c.forVotes) + c.againstVotes);
    }

    function _quorum(uint256 snapshot) internal view returns (uint256) {
        return _token.getPastTotalSupply(snapshot).wMulUp(_decision.quorumWad);
    }

    function _setParams(ClaimsParams memory p) internal {
        _checkRange("votingPeriod", p.votingPeriod, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
        _checkRange("challengePeriod", p.challengePeriod, 0, MAX_CHALLENGE_PERIOD);
        _checkRange("payoutWindow", p.payoutWindow, MIN_PAYOUT_WINDOW, MAX_PAYOUT_WINDOW);
        _checkRange("quorumWad", p.quorumWad, MIN_QUORUM, MAX_QUORUM);
        _checkRange("voterFeeWad", p.voterFeeWad, 0, WAD);
        if (p.treasury == address(0)) revert ZeroAddress();
        _filing.votingPeriod = p.votingPeriod;
        _filing.claimDeposit = p.claimDeposit;
        _filing.incidentBond = p.incidentBond;
        _decision = DecisionConfig(p.challengePeriod, p.payoutWindow, p.quorumWad, p.voterFeeWad);
        _treasury = p.treasury;
        emit ParamsSet(p);
    }

    function _checkRange(string memory name, uint256 value, uint256 min, uint256 max) internal pure {
        if (value < min || value > max) revert ParameterOutOfRange(name, value, min, max);
    }
}
