"""The tables. Rules that must hold whatever a client sends are constraints here."""
import sqlalchemy as sa

metadata = sa.MetaData()
Time = sa.Float(precision=53)  # seconds since the epoch, UTC

sessions = sa.Table(
    "sessions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(6), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("plan", sa.JSON, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("current_stage", sa.Integer),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("ended_at", Time),
)

stages = sa.Table(
    "stages", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("minutes", sa.Integer, nullable=False),
    sa.Column("description", sa.Text, nullable=False, default=""),
    sa.Column("started_at", Time),
    sa.Column("ended_at", Time),
    # A groups stage's assignment (choose | random | balanced, plan.py Stage.assignment); null: choose.
    sa.Column("assignment", sa.String(10)),
    # A report-back stage's board: the key of the one group on show, or null for all groups side by side.
    sa.Column("report_showing", sa.String(12)),
    sa.UniqueConstraint("session_id", "position"),
)

groups = sa.Table(
    "groups", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("stage_id", sa.ForeignKey("stages.id", ondelete="CASCADE"), nullable=False),
    sa.Column("key", sa.String(12), nullable=False),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    # How many people may choose the group (plan.py Group.cap), or null: no limit.
    sa.Column("cap", sa.Integer),
    sa.UniqueConstraint("stage_id", "key"),
)

activities = sa.Table(
    "activities", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("stage_id", sa.ForeignKey("stages.id", ondelete="CASCADE"), nullable=False),
    sa.Column("group_key", sa.String(12)),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("settings", sa.JSON, nullable=False),
    sa.Column("state", sa.String(10), nullable=False),
    sa.Column("results_visible", sa.Boolean, nullable=False),
    sa.Column("opened_at", Time),
    sa.Column("closed_at", Time),
)
# One activity per position of a stage (or of one of its groups): editing a running plan renumbers
# positions, and two edits at once must not leave two activities in one place. NULL (no group) is
# compared as "" so a plenary's activities are held to it too.
sa.Index("one_activity_per_position", activities.c.stage_id, sa.func.coalesce(activities.c.group_key, ""),
         activities.c.position, unique=True)

participants = sa.Table(
    "participants", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_digest", sa.String(64), nullable=False),
    sa.Column("display_name", sa.String(40), nullable=False, default=""),
    sa.Column("joined_at", Time, nullable=False),
    # The segment the participant declared (one of the plan's ``segments``), or null: none declared.
    sa.Column("segment", sa.String(40)),
    sa.UniqueConstraint("session_id", "token_digest"),
)

memberships = sa.Table(
    "memberships", metadata,
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("stage_id", sa.ForeignKey("stages.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("group_key", sa.String(12), nullable=False),
)

votes = sa.Table(
    "votes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("choices", sa.JSON, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
    # The segment its participant had declared when the vote was cast: results per segment count it
    # there, so declaring or changing a segment later moves no earlier answer (which would show it).
    sa.Column("segment", sa.String(40)),
    # One vote per participant per poll: a new choice replaces the old one.
    sa.UniqueConstraint("activity_id", "participant_id", name="one_vote_per_participant"),
)

notes = sa.Table(
    "notes", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("column_index", sa.Integer, nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(40), nullable=False, default=""),
    sa.Column("created_at", Time, nullable=False),
    # The facilitator's cluster the note is in (clusters.id), or null. No foreign key: a column
    # added to an existing database cannot carry one in SQLite; removing a cluster clears it.
    sa.Column("cluster_id", sa.Integer),
    # pending | shown | hidden (facilitation/domain/moderation.py): only shown notes are on the board.
    sa.Column("status", sa.String(10), nullable=False, default="shown", server_default="shown"),
    sa.Index("notes_by_activity", "activity_id", "created_at"),
)

# A board's named clusters, made by the facilitator; notes point at them (notes.cluster_id).
clusters = sa.Table(
    "clusters", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(80), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Index("clusters_by_activity", "activity_id", "position"),
)

# Dot voting: one row per dot (a note stacked with two of someone's dots has two rows).
dots = sa.Table(
    "dots", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("note_id", sa.ForeignKey("notes.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Index("dots_by_activity", "activity_id", "participant_id"),
    sa.Index("dots_by_note", "note_id"),
)

# Answers of the activities that take a participant's own words or numbers (a word cloud's words).
# ``item`` is the answer's slot: the n-th word of a word cloud. One row per participant and slot.
answers = sa.Table(
    "answers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("item", sa.Integer, nullable=False),
    sa.Column("text", sa.Text),
    sa.Column("number", sa.Integer),
    sa.Column("updated_at", Time, nullable=False),
    # As a vote's: the segment declared when it was given (written for the kinds shown per segment).
    sa.Column("segment", sa.String(40)),
    sa.UniqueConstraint("activity_id", "participant_id", "item", name="one_answer_per_participant_and_item"),
)

# A Q&A's questions. ``status``: pending (waiting for the facilitator), shown or hidden.
questions = sa.Table(
    "questions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("author", sa.String(40), nullable=False, default=""),
    sa.Column("status", sa.String(10), nullable=False, default="shown", server_default="shown"),
    sa.Column("answered", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    sa.Column("highlighted", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    sa.Column("created_at", Time, nullable=False),
    sa.Index("questions_by_activity", "activity_id", "created_at"),
    sa.Index("questions_by_participant", "participant_id"),
)

# Upvotes of questions: one per participant per question, whatever a phone sends.
upvotes = sa.Table(
    "upvotes", metadata,
    sa.Column("question_id", sa.ForeignKey("questions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.UniqueConstraint("question_id", "participant_id", name="one_upvote_per_participant"),
    sa.Index("upvotes_by_participant", "participant_id"),
)

# Every inbound participant action carries a client-generated id; the acknowledgement is kept
# with it in the same transaction as the action, so a repeat is answered, not applied twice.
actions = sa.Table(
    "actions", metadata,
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("client_id", sa.String(64), primary_key=True),
    sa.Column("event", sa.String(20), nullable=False),
    sa.Column("reply", sa.JSON, nullable=False),
    sa.Column("created_at", Time, nullable=False),
)

# A stage's materials: a link, or an uploaded PDF of the slides (kept in the database, so a
# session's export, import and deletion carry its files with it).
materials = sa.Table(
    "materials", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("stage_id", sa.ForeignKey("stages.id", ondelete="CASCADE"), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("url", sa.String(2000)),
    sa.Column("filename", sa.String(200)),
    sa.Column("content", sa.LargeBinary),
    sa.Column("size", sa.Integer),
    sa.Column("created_at", Time, nullable=False),
)

# The facilitator's countdowns: one per stage ("stage:<position>"), per activity that has one
# ("activity:<id>") and per working group that has one ("group:<stage position>:<group key>"). ``started_at`` is null while a timer is paused.
timers = sa.Table(
    "timers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("scope", sa.String(24), nullable=False),
    sa.Column("duration", Time, nullable=False),
    sa.Column("elapsed", Time, nullable=False),
    sa.Column("started_at", Time),
    # True while a timer that was running is paused only because its stage was left (or the
    # session closed): it runs again when the stage comes back; one the facilitator paused does not.
    sa.Column("held", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    sa.UniqueConstraint("session_id", "scope", name="one_timer_per_scope"),
)

# The facilitator's announcements; the latest one not cleared is on every phone and the board.
announcements = sa.Table(
    "announcements", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("cleared_at", Time),
    sa.Index("announcements_by_session", "session_id", "created_at"),
)

# The session's key takeaways, in the order they were written; they go into the record.
takeaways = sa.Table(
    "takeaways", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Index("takeaways_by_session", "session_id", "created_at"),
)

# The facilitator's decisions on written answers (word clouds, open questions), by the answer's text
# as the word cloud counts it: answers are replaced on every change, so the decision is not kept on
# their rows. A word without a row here is shown; hiding or approving it applies to everyone who gave it.
moderation = sa.Table(
    "moderation", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("digest", sa.String(64), nullable=False),  # SHA-256 of the answer's key
    sa.Column("text", sa.Text, nullable=False),  # the answer as first given (what the console shows)
    sa.Column("status", sa.String(10), nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.UniqueConstraint("activity_id", "digest", name="one_decision_per_answer"),
)

# A session's word filter: off by default; its lists (one per language) start from
# facilitation/wordlists/ and the facilitator edits them for this session.
word_filters = sa.Table(
    "word_filters", metadata,
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("lists", sa.JSON, nullable=False),
)

# Group host links: the facilitator gives one (or a few) per working group; the holder runs that
# group's activities and timer and nothing else (facilitation/domain/host.py). Only the SHA-256 of
# the link's secret is kept, like participant tokens; a revoked link has ``revoked_at`` and stops
# working at once. Access, not session data: not in the record, the exports or the archive.
group_hosts = sa.Table(
    "group_hosts", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("stage_id", sa.ForeignKey("stages.id", ondelete="CASCADE"), nullable=False),
    sa.Column("group_key", sa.String(12), nullable=False),
    sa.Column("token_digest", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("revoked_at", Time),
    sa.Index("group_hosts_by_session", "session_id", "stage_id", "group_key"),
)

# Rapporteur links: the facilitator gives one to whoever writes the session's key takeaways; the
# holder adds, edits and removes takeaways and does nothing else (facilitation/domain/host.py).
# Kept as group host links are: the secret's SHA-256 only, revoked at once, not in any export.
rapporteurs = sa.Table(
    "rapporteurs", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("token_digest", sa.String(64), nullable=False, unique=True),
    sa.Column("created_at", Time, nullable=False),
    sa.Column("revoked_at", Time),
    sa.Index("rapporteurs_by_session", "session_id"),
)

# What the working groups bring to the plenary: in a groups stage, a group's note, cluster (with
# its notes) or activity (its results), marked by the facilitator; ``ref_id`` is the note's,
# cluster's or activity's id, ``position`` its place among its group's promoted items. A report-back
# stage shows the promotions of the nearest groups stage before it.
promotions = sa.Table(
    "promotions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("session_id", sa.ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("stage_id", sa.ForeignKey("stages.id", ondelete="CASCADE"), nullable=False),
    sa.Column("group_key", sa.String(12), nullable=False),
    sa.Column("kind", sa.String(10), nullable=False),
    sa.Column("ref_id", sa.Integer, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.UniqueConstraint("stage_id", "kind", "ref_id", name="one_promotion_per_item"),
    sa.Index("promotions_by_stage", "stage_id", "group_key", "position"),
)

# The cross-group vote of a report-back stage: one row per dot a participant put on a promoted item.
crossvote_dots = sa.Table(
    "crossvote_dots", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), nullable=False),
    sa.Column("promotion_id", sa.ForeignKey("promotions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("participant_id", sa.ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", Time, nullable=False),
    sa.Index("crossvote_dots_by_activity", "activity_id", "participant_id"),
    sa.Index("crossvote_dots_by_promotion", "promotion_id"),
)

# The Power Awareness Tool: what the group agreed for one decision (its position in the PAT's
# ``decisions`` setting) and one partner organisation (its position in ``organisations``): the actual
# level, whether the group agrees with it, the desired level and the actions ([{text, owner, by}]).
# The participants' private scores are ``answers`` rows (item = decision × organisations + organisation).
pat_assessments = sa.Table(
    "pat_assessments", metadata,
    sa.Column("activity_id", sa.ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("decision", sa.Integer, primary_key=True),
    sa.Column("organisation", sa.Integer, primary_key=True),
    sa.Column("actual", sa.Integer, nullable=False),
    sa.Column("agree", sa.Boolean),
    sa.Column("desired", sa.Integer),
    sa.Column("actions", sa.JSON, nullable=False),
    sa.Column("updated_at", Time, nullable=False),
)
