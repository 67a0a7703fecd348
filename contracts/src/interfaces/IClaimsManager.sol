// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @notice What a case is: one cover's claim, or an incident on a whole product.
enum CaseKind {
    Claim,
    Incident
}

/// @notice Stored status of a case.
/// - `Voting`: filed; token holders vote until the deadline, then anyone calls `resolve`.
/// - `Accepted`: quorum and majority said yes; the challenge period runs (guardian or governance may
///   overturn or escalate it), then anyone settles it (`payClaim`, or `settleIncident`).
/// - `Escalated`: the guardian handed an accepted case to governance; only a proposal decides it.
/// - `Rejected`: no quorum or no majority; the deposit went to the voters.
/// - `Overturned`: accepted, then overturned in the challenge period; the deposit went to the voters.
/// - `Paid`: claim paid to the cover's owner (final).
/// - `Payable`: incident settled; anyone pays its covers (`payIncident`) and pool exits wait until
///   the payout window ends and `closeIncident` runs.
/// - `Closed`: incident's payout window over; covers not yet paid can still be paid while capital lasts.
enum CaseStatus {
    None,
    Voting,
    Accepted,
    Escalated,
    Rejected,
    Overturned,
    Paid,
    Payable,
    Closed
}

/// @notice A claim or incident as stored (three slots).
/// @param filer The claimant (claims) or reporter (incidents); gets the deposit back when accepted.
/// @param snapshot Voting power is read at this second (filing time - 1).
/// @param deadline End of voting while `Voting`; end of the challenge period once `Accepted`; time
/// of settlement once `Payable` (the payout window runs from it).
/// @param subject The cover id (claims) or the product id (incidents).
/// @param incidentTime When the loss event happened.
/// @param amount Claims: the amount asked. Incidents: the payout share of each cover, WAD.
/// @param deposit The filer's deposit while undecided; afterwards the voters' reward pool.
struct Case {
    address filer;
    uint32 snapshot;
    uint32 deadline;
    CaseKind kind;
    CaseStatus status;
    uint40 subject;
    uint32 incidentTime;
    uint96 amount;
    uint88 deposit;
    uint128 forVotes;
    uint128 againstVotes;
}

/// @notice Governance parameters of claims and incidents.
/// @param votingPeriod Seconds a case is open for votes.
/// @param challengePeriod Seconds an accepted case waits for the guardian or governance.
/// @param payoutWindow Seconds an accepted incident keeps pool exits waiting while its covers are paid.
/// @param quorumWad Votes needed, WAD of the token supply at the snapshot.
/// @param voterFeeWad Share of an accepted case's deposit paid to its voters, WAD.
/// @param claimDeposit Deposit to file a claim, asset units.
/// @param incidentBond Bond to report an incident, asset units.
/// @param treasury Receives the reward pool of cases nobody voted on.
struct ClaimsParams {
    uint32 votingPeriod;
    uint32 challengePeriod;
    uint32 payoutWindow;
    uint64 quorumWad;
    uint64 voterFeeWad;
    uint88 claimDeposit;
    uint88 incidentBond;
    address treasury;
}

/// @title IClaimsManager
/// @notice Community-assessed claims and incidents of one CoverManager, decided by BulwarkToken
/// holders, paid through the CoverManager's payout entry point.
/// @dev Voting power is the voter's delegated votes at the case's snapshot (filing time - 1), so tokens
/// borrowed, bought or delegated after filing have no say. A case is accepted when votes cast (for +
/// against) reach the quorum and `for` > `against`.
///
/// Voter rewards: each case has a reward pool. Rejected or overturned: the whole deposit. Accepted and
/// settled: `deposit x voterFeeWad`, the rest is refunded to the filer. Every voter of the case, on
/// either side, may take `pool x weight / (forVotes + againstVotes)` (rounded down; the dust stays in
/// the contract). A pool nobody voted for goes to the treasury.
///
/// Parameters apply when each step runs: the voting period and deposit at filing, the quorum and
/// challenge period at resolution, the voters' fee at settlement; a governance change reaches cases
/// still open (governance may overturn or decide them anyway).
///
/// Every step emits an event, so the whole timeline of every case can be rebuilt from logs alone (a
/// case's voting snapshot is its filing block's timestamp - 1).
interface IClaimsManager {
    // ---------------------------------------------------------------- errors

    /// @notice No case `caseId`.
    error UnknownCase(uint256 caseId);
    /// @notice Case `caseId` is `status`, not what this call needs.
    error WrongStatus(uint256 caseId, CaseStatus status);
    /// @notice Case `caseId` is not a `kind`.
    error WrongKind(uint256 caseId, CaseKind kind);
    /// @notice Voting on case `caseId` ended at `deadline`.
    error VotingClosed(uint256 caseId, uint256 deadline);
    /// @notice Voting on case `caseId` runs until `deadline`.
    error VotingOpen(uint256 caseId, uint256 deadline);
    /// @notice The challenge period of case `caseId` runs until `deadline`.
    error ChallengeOpen(uint256 caseId, uint256 deadline);
    /// @notice The challenge period of case `caseId` ended at `deadline`.
    error ChallengeClosed(uint256 caseId, uint256 deadline);
    /// @notice The payout window of incident `caseId` runs until `until`.
    error PayoutWindowOpen(uint256 caseId, uint256 until);
    /// @notice `voter` already voted on case `caseId`.
    error AlreadyVoted(uint256 caseId, address voter);
    /// @notice `voter` had no voting power at the snapshot of case `caseId`.
    error NoVotingPower(uint256 caseId, address voter, uint256 snapshot);
    /// @notice The filer of case `caseId` may not vote on it.
    error FilerCannotVote(uint256 caseId);
    /// @notice The evidence URI is empty.
    error EmptyEvidence();
    /// @notice The incident time is in the future.
    error IncidentInFuture(uint256 incidentTime);
    /// @notice The payout share is zero or above 100% (WAD).
    error InvalidPayoutShare(uint256 payoutWad);
    /// @notice Product `productId` already has incident `caseId` undecided or paying.
    error IncidentAlreadyOpen(uint256 productId, uint256 caseId);
    /// @notice `voter` has no reward (did not vote, or took it, or the case is undecided) on `caseId`.
    error NoReward(uint256 caseId, address voter);
    /// @notice A parameter is outside its bounds.
    error ParameterOutOfRange(string name, uint256 value, uint256 min, uint256 max);
    /// @notice A zero address where one is needed.
    error ZeroAddress();

    // ---------------------------------------------------------------- events (the case timeline)

    event ClaimFiled(
        uint256 indexed caseId,
        uint256 indexed coverId,
        address indexed claimant,
        uint256 productId,
        uint256 amount,
        uint256 incidentTime,
        uint256 deposit,
        uint256 voteEnd,
        string evidenceURI
    );
    event IncidentReported(
        uint256 indexed caseId,
        uint256 indexed productId,
        address indexed reporter,
        uint256 incidentTime,
        uint256 payoutWad,
        uint256 bond,
        uint256 voteEnd,
        string evidenceURI
    );
    event VoteCast(uint256 indexed caseId, address indexed voter, bool support, uint256 weight);
    /// @notice Voting ended: accepted (challenge until `challengeEnd`) or rejected (`challengeEnd` 0).
    event CaseResolved(
        uint256 indexed caseId, bool accepted, uint256 forVotes, uint256 againstVotes, uint256 quorum, uint256 challengeEnd
    );
    /// @notice The guardian handed accepted case `caseId` to governance.
    event CaseEscalated(uint256 indexed caseId, address indexed by);
    /// @notice `by` (guardian or governance) overturned accepted case `caseId`.
    event CaseOverturned(uint256 indexed caseId, address indexed by, string reason);
    /// @notice Governance decided escalated case `caseId`.
    event CaseDecided(uint256 indexed caseId, bool accepted);
    /// @notice The deposit of case `caseId` was settled: `refund` to the filer, `rewardPool` to the
    /// voters, `toTreasury` to the treasury (nobody voted).
    event CaseSettled(uint256 indexed caseId, uint256 refund, uint256 rewardPool, uint256 toTreasury);
    /// @notice Claim `caseId` paid `amount` to `owner` of cover `coverId`.
    event ClaimPaid(uint256 indexed caseId, uint256 indexed coverId, address owner, uint256 amount);
    /// @notice Incident `caseId` is payable: covers can be paid; pool exits wait until `windowEnd`.
    event IncidentPayable(uint256 indexed caseId, uint256 windowEnd);
    /// @notice Incident `caseId` paid `amount` on cover `coverId` (to the cover's owner).
    event IncidentCoverPaid(uint256 indexed caseId, uint256 indexed coverId, uint256 amount);
    /// @notice Incident `caseId`'s payout window closed; pool exits resume.
    event IncidentClosed(uint256 indexed caseId);
    event RewardClaimed(uint256 indexed caseId, address indexed voter, uint256 amount);
    event ParamsSet(ClaimsParams params);

    // ---------------------------------------------------------------- claims

    /// @notice Files a claim of `amount` on cover `coverId` (owned or approved by the caller) for a loss
    /// at `incidentTime`, with the claim deposit (pulled from the caller). Voting starts at once.
    function fileClaim(uint256 coverId, uint256 amount, uint256 incidentTime, string calldata evidenceURI)
        external
        returns (uint256 caseId);

    /// @notice Pays accepted claim `caseId` once its challenge period is over: the asked amount (capped
    /// at what is left of the cover) to the cover's current owner, the deposit minus the voters' fee
    /// back to the claimant. Anyone may call it.
    function payClaim(uint256 caseId) external returns (uint256 paid);

    // ---------------------------------------------------------------- incidents

    /// @notice Reports an incident on `productId` at `incidentTime` paying `payoutWad` of each
    /// eligible cover, with the incident bond (pulled from the caller). Sales of the product and the
    /// pool's exits wait until the incident is rejected, overturned or closed.
    function reportIncident(uint256 productId, uint256 incidentTime, uint256 payoutWad, string calldata evidenceURI)
        external
        returns (uint256 caseId);

    /// @notice Settles accepted incident `caseId` after its challenge period: refunds the bond minus
    /// the voters' fee and opens payouts. Anyone may call it; `payIncident` calls it when needed.
    function settleIncident(uint256 caseId) external;

    /// @notice Pays incident `caseId` on each of `coverIds` (skipping covers it already paid): each
    /// cover of the product active at the incident time and past its waiting period gets `payoutWad`
    /// of its remaining amount, to its owner. Anyone may call it.
    function payIncident(uint256 caseId, uint256[] calldata coverIds) external returns (uint256 total);

    /// @notice Ends the payout window of incident `caseId`: the product's sales and the pool's exits
    /// resume. Anyone may call it once the window is over.
    function closeIncident(uint256 caseId) external;

    // ---------------------------------------------------------------- voting

    /// @notice Votes on case `caseId` with the caller's voting power at its snapshot.
    function castVote(uint256 caseId, bool support) external returns (uint256 weight);

    /// @notice Ends voting on case `caseId` after its deadline. Anyone may call it.
    function resolve(uint256 caseId) external returns (bool accepted);

    /// @notice Takes the caller's voter rewards of `caseIds`.
    function claimRewards(uint256[] calldata caseIds) external returns (uint256 total);

    // ---------------------------------------------------------------- guardian and governance

    /// @notice Overturns accepted case `caseId` in its challenge period (or escalated case, governance
    /// only). GUARDIAN_ROLE or DEFAULT_ADMIN_ROLE.
    function overturn(uint256 caseId, string calldata reason) external;

    /// @notice Hands accepted case `caseId` to governance during its challenge period: it then waits
    /// for `decide`. GUARDIAN_ROLE or DEFAULT_ADMIN_ROLE.
    function escalate(uint256 caseId) external;

    /// @notice Decides escalated case `caseId`. DEFAULT_ADMIN_ROLE (the Timelock) only.
    function decide(uint256 caseId, bool accept) external;

    /// @notice Sets the parameters. DEFAULT_ADMIN_ROLE only.
    function setParams(ClaimsParams calldata params) external;

    // ---------------------------------------------------------------- views

    function getCase(uint256 caseId) external view returns (Case memory);
    function caseCount() external view returns (uint256);
    function params() external view returns (ClaimsParams memory);
    /// @notice The voter's receipt on `caseId`: whether and how they voted, and whether they took the reward.
    function receipt(uint256 caseId, address voter)
        external
        view
        returns (bool voted, bool support, uint256 weight, bool rewarded);
    /// @notice The reward `voter` can take on `caseId` now.
    function rewardOf(uint256 caseId, address voter) external view returns (uint256);
    /// @notice Votes needed on `caseId` (from the supply at its snapshot).
    function quorumOf(uint256 caseId) external view returns (uint256);
    /// @notice Whether incident `caseId` has paid cover `coverId`.
    function incidentPaid(uint256 caseId, uint256 coverId) external view returns (bool);
    /// @notice The undecided or paying incident of `productId` (0: none).
    function activeIncident(uint256 productId) external view returns (uint256);
    function manager() external view returns (address);
    function token() external view returns (address);
}
