"""The OpenAPI 3.1 document of the facilitator's HTTP API (served at /api/openapi.json)."""

_ERROR = {"$ref": "#/components/schemas/Error"}


def _answer(description: str, schema: dict | None = None) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": schema or {"type": "object"}}}}


def _errors(*codes: int) -> dict:
    text = {400: "bad input; nothing changed", 401: "facilitator token missing or wrong",
            404: "unknown session, activity or plan", 409: "does not fit the session's current state"}
    return {str(c): _answer(text[c], _ERROR) for c in codes}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_CODE = {"name": "code", "in": "path", "required": True, "description": "the 6-character join code",
         "schema": {"type": "string", "pattern": "^[A-Za-z0-9]{6}$"}}
# Path numbers are what Flask's int converter matches (no sign) and a database id can hold.
_ACTIVITY = {"name": "activity_id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
_TAKEAWAY = {"name": "takeaway_id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
_CLUSTER = {"name": "cluster_id", "in": "path", "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
_CLUSTER_NAME = {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string", "minLength": 1, "maxLength": 80}}}
_BOARD_ANSWER = {"type": "object", "required": ["ok", "results"], "properties": {
    "ok": {"const": True}, "results": {"$ref": "#/components/schemas/BoardResults"}}}
_POSITION = {"name": "position", "in": "path", "required": True, "description": "the stage's place, from 0",
             "schema": {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}}
_SECURED = [{"facilitator": []}]
_COUNT = {"type": "integer", "minimum": 0}
_TEXTS = {"type": "array", "items": {"type": "string"}}

# An activity's results by kind (docs/protocol.md, `results`); a talk has none.
RESULTS = {
    "PollResults": {"type": "object", "required": ["options", "counts", "voters", "multiple"],
                    "properties": {"options": _TEXTS, "counts": {"type": "array", "items": _COUNT},
                                   "voters": _COUNT, "multiple": {"type": "boolean"}}},
    "BoardResults": {"type": "object", "required": ["columns", "notes", "count"],
                     "description": "notes with their cluster (id or null) and dots; clusters with their number "
                                    "of notes and dots; phase: write | vote; budget: dots per participant; "
                                    "dots: given in all; dot_voters: people who gave any",
                     "properties": {"columns": _TEXTS, "count": _COUNT, "notes": {"type": "array", "items": {
                         "type": "object", "required": ["id", "column", "text", "author"],
                         "properties": {"id": {"type": "integer"}, "column": _COUNT, "text": {"type": "string"},
                                        "author": {"type": "string"}, "cluster": {"type": ["integer", "null"]},
                                        "dots": _COUNT}}},
                                    "clusters": {"type": "array", "items": {
                                        "type": "object", "required": ["id", "name", "count", "dots"],
                                        "properties": {"id": {"type": "integer"}, "name": {"type": "string"},
                                                       "count": _COUNT, "dots": _COUNT}}},
                                    "phase": {"enum": ["write", "vote"]}, "budget": _COUNT,
                                    "stacking": {"type": "boolean"}, "dots": _COUNT, "dot_voters": _COUNT}},
    "WordcloudResults": {
        "type": "object", "required": ["words", "answers", "distinct", "people"],
        "description": "the most frequent answers first (at most 100), counted case aside, each in its most "
                       "common spelling; answers: all answers given; people: participants who answered",
        "properties": {"words": {"type": "array", "items": {
            "type": "object", "required": ["text", "count"],
            "properties": {"text": {"type": "string"}, "count": {"type": "integer", "minimum": 1}}}},
            "answers": _COUNT, "distinct": _COUNT, "people": _COUNT}},
    "ScaleResults": {
        "type": "object", "required": ["min", "max", "min_label", "max_label", "statements", "people"],
        "description": "per statement: answers per value from min to max, their number and mean (null without answers)",
        "properties": {"min": {"type": "integer"}, "max": {"type": "integer"}, "min_label": {"type": "string"},
                       "max_label": {"type": "string"}, "people": _COUNT, "statements": {"type": "array", "items": {
                           "type": "object", "required": ["text", "counts", "answers", "mean"],
                           "properties": {"text": {"type": "string"}, "counts": {"type": "array", "items": _COUNT},
                                          "answers": _COUNT, "mean": {"type": ["number", "null"]}}}}}},
    "TextResults": {
        "type": "object", "required": ["answers", "count", "people"],
        "description": "an open question's answers in the order given (the latest 200); count: all of them",
        "properties": {"answers": {"type": "array", "items": {"type": "object", "required": ["text"],
                                                              "properties": {"text": {"type": "string"}}}},
                       "count": _COUNT, "people": _COUNT}},
    "RankingResults": {
        "type": "object", "required": ["options", "average", "places", "order", "people"],
        "description": "average rank per option (1 = first; null without rankings), how many put each option at "
                       "each place, and the options from the best average to the worst",
        "properties": {"options": _TEXTS, "average": {"type": "array", "items": {"type": ["number", "null"]}},
                       "places": {"type": "array", "items": {"type": "array", "items": _COUNT}},
                       "order": {"type": "array", "items": _COUNT}, "people": _COUNT}},
    "PointsResults": {
        "type": "object", "required": ["options", "budget", "totals", "people", "spent", "average", "share"],
        "description": "points given per option in total, on average per participant (null without any) and as a "
                       "percent of all points given",
        "properties": {"options": _TEXTS, "budget": _COUNT, "totals": {"type": "array", "items": _COUNT},
                       "people": _COUNT, "spent": _COUNT,
                       "average": {"type": "array", "items": {"type": ["number", "null"]}},
                       "share": {"type": "array", "items": {"type": "number"}}}},
    "QnaResults": {
        "type": "object", "required": ["questions", "highlighted", "count", "answered", "votes"],
        "description": "a Q&A's shown questions (the first 100): not yet answered first, each group by upvotes then "
                       "newest; highlighted: the id of the one the facilitator put forward, or null. Pending and "
                       "hidden questions are left out, not even counted. The console alone also gets moderation: "
                       "{pending, hidden}, the questions waiting for approval (oldest first) and the hidden ones",
        "properties": {"questions": {"type": "array", "items": {
            "type": "object", "required": ["id", "text", "author", "votes", "answered", "highlighted"],
            "properties": {"id": _COUNT, "text": {"type": "string"}, "author": {"type": "string"},
                           "votes": _COUNT, "answered": {"type": "boolean"}, "highlighted": {"type": "boolean"}}}},
                       "highlighted": {"type": ["integer", "null"]}, "count": _COUNT, "answered": _COUNT,
                       "votes": _COUNT,
                       "moderation": {"type": "object"}}},
    "SurveyResults": {
        "type": "object", "required": ["questions", "people"],
        "description": "per question: its kind, text and respondents; a choice question's counts per option (a "
                       "respondent may choose up to max_choices), a scale question's answers per value from min to "
                       "max and their mean (null without answers); people: participants who answered any question",
        "properties": {"people": _COUNT, "questions": {"type": "array", "items": {
            "type": "object", "required": ["kind", "text", "respondents", "counts"],
            "properties": {"kind": {"enum": ["choice", "scale"]}, "text": {"type": "string"}, "respondents": _COUNT,
                           "counts": {"type": "array", "items": _COUNT}, "options": _TEXTS,
                           "multiple": {"type": "boolean"}, "max_choices": {"type": "integer", "minimum": 1},
                           "min": {"type": "integer"}, "max": {"type": "integer"}, "min_label": {"type": "string"},
                           "max_label": {"type": "string"}, "answers": _COUNT,
                           "mean": {"type": ["number", "null"]}}}}}},
    "Results": {"anyOf": [{"$ref": "#/components/schemas/SurveyResults"}, {"$ref": "#/components/schemas/QnaResults"}, {"$ref": "#/components/schemas/PointsResults"}, {"$ref": "#/components/schemas/RankingResults"}, {"$ref": "#/components/schemas/TextResults"}, {"$ref": "#/components/schemas/ScaleResults"},{"$ref": "#/components/schemas/PollResults"},
                          {"$ref": "#/components/schemas/BoardResults"},
                          {"$ref": "#/components/schemas/WordcloudResults"},
                          {"type": "object", "maxProperties": 0, "description": "a talk"}]},
}
ACTIVITY_KINDS = (
    "Activities, by `kind`: `talk` (title, speaker, description); `poll` (options: 2-12, multiple, "
    "hide_results, start: auto|manual); `board` (columns: 1-6, note_limit: 20-1000, dots: each participant's dots for the voting "
    "phase, 0-20, default 3; stacking: several dots on one note, default true; hide_results, start); "
    "`board`, `wordcloud` and `text` also take moderate (new items wait for the facilitator's approval) and a "
    "`board` blur (blurred cards on the board while its results are hidden). "
    "`wordcloud` (max_answers: answers per person, 1-10, default 3; max_words: words per answer, 1-3, "
    "default 3; hide_results, start); `scale` (statements: 1-12, min and max: whole numbers from -10 to 10, "
    "min < max, at most 11 points, default 1 to 5; min_label, max_label; hide_results, start); `text`, an open "
    "question (max_answers: 1-5, default 1; text_limit: characters an answer, 20-1000, default 280; "
    "hide_results, start); `ranking` (options: 2-10, each put in order by every participant; hide_results, "
    "start); `points` (options: 2-10; budget: 10-1000, default 100; hide_results, start); `survey` (questions: "
    "1-10, each `choice` (text; options: 2-12; multiple; max_choices: 2 to the number of options, only with "
    "multiple, default all) or `scale` (text; min, max, min_label, max_label as for a scale); hide_results, start); "
    "`qna`, questions from the room with upvotes (question_limit: characters a question, 20-1000, default 280; "
    "max_questions: questions per person, 1-20, default 5; moderate: new questions wait for approval, default "
    "false; hide_results, start).")


def _export_types() -> dict:
    """One media type per export format, from the formats themselves (xlsx too)."""
    from ..export import FORMATS

    types = {}
    for _function, mimetype, _extension in FORMATS.values():
        types[mimetype] = {"schema": {"type": "object"} if mimetype == "application/json"
                           else {"type": "string", "format": "binary"}}
    return types


_EDITED = {"200": _answer("the plan as it now stands (`plan`, as GET .../plan gives it) and the new state"),
           **_errors(400, 401, 404, 409)}
_PLACE = {"type": "integer", "minimum": 0, "description": "the new place, from 0"}


def plan_paths() -> dict:
    """Editing the plan of a running session: only what has not started changes (docs/protocol.md)."""
    added = {"201": _answer("the plan as it now stands and the new state"), **_errors(400, 401, 404, 409)}
    return {
        "/api/sessions/{code}/plan": {"get": {
            "summary": "The whole agenda: every stage and activity, whether it may still change (`editable`, "
                       "`started`), and the participant counts per stage, group and activity (`counts`)",
            "security": _SECURED, "parameters": [_CODE],
            "responses": {"200": _answer("the plan"), **_errors(401, 404)}}},
        "/api/sessions/{code}/plan/stages": {"post": {
            "summary": "Add a stage (checked like a stage of a plan file), at `position` or last; the place "
                       "comes after the last stage that has been on",
            "security": _SECURED, "parameters": [_CODE],
            "requestBody": _body({"type": "object", "required": ["stage"], "properties": {
                "stage": {"type": "object", "description": "kind, title, minutes, description, activities or groups"},
                "position": {"type": "integer", "minimum": 0}}}),
            "responses": added}},
        "/api/sessions/{code}/plan/stages/{position}": {"delete": {
            "summary": "Remove a stage after the last stage that has been on, if it holds no materials",
            "security": _SECURED, "parameters": [_CODE, _POSITION], "responses": _EDITED}},
        "/api/sessions/{code}/plan/stages/{position}/move": {"post": {
            "summary": "Move a stage to another place; both places come after the last stage that has been on",
            "security": _SECURED, "parameters": [_CODE, _POSITION],
            "requestBody": _body({"type": "object", "required": ["to"], "properties": {"to": _PLACE}}),
            "responses": _EDITED}},
        "/api/sessions/{code}/plan/stages/{position}/activities": {"post": {
            "summary": "Add an activity (pending) to a stage, or to one group of a groups stage",
            "security": _SECURED, "parameters": [_CODE, _POSITION],
            "requestBody": _body({"type": "object", "required": ["activity"], "properties": {
                "activity": {"type": "object", "description": ACTIVITY_KINDS},
                "group": {"type": "string", "description": "the group's key (g1, g2, ...); needed in a groups stage"},
                "position": {"type": "integer", "minimum": 0, "description": "its place; last when omitted"}}}),
            "responses": added}},
        "/api/sessions/{code}/plan/activities/{activity_id}": {
            "put": {"summary": "Give an activity that has not started (pending, no answers, no timer) a new "
                               "title and settings", "security": _SECURED, "parameters": [_CODE, _ACTIVITY],
                    "requestBody": _body({"type": "object", "required": ["activity"], "properties": {
                        "activity": {"type": "object", "description": ACTIVITY_KINDS}}}),
                    "responses": _EDITED},
            "delete": {"summary": "Remove an activity that has not started; one with answers is refused (409)",
                       "security": _SECURED, "parameters": [_CODE, _ACTIVITY], "responses": _EDITED}},
        "/api/sessions/{code}/plan/activities/{activity_id}/move": {"post": {
            "summary": "Move an activity that has not started within its stage (or group)",
            "security": _SECURED, "parameters": [_CODE, _ACTIVITY],
            "requestBody": _body({"type": "object", "required": ["to"], "properties": {"to": _PLACE}}),
            "responses": _EDITED}},
    }


def openapi_document() -> dict:
    """Build the document."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Baraza facilitator API", "version": "1.0.0",
                 "description": "Facilitator actions. Live participant traffic is Socket.IO: see docs/protocol.md."},
        "components": {
            "securitySchemes": {"facilitator": {"type": "http", "scheme": "bearer",
                                                "description": "the facilitator token printed at start"}},
            "schemas": {
                "Error": {"type": "object", "required": ["ok", "error"],
                          "properties": {"ok": {"const": False}, "error": {"type": "string"}}},
                "SessionLinks": {"type": "object", "required": ["code", "join_url", "board_url"],
                                 "properties": {"code": {"type": "string"}, "title": {"type": "string"},
                                                "join_url": {"type": "string"}, "board_url": {"type": "string"},
                                                "console_url": {"type": "string"}}},
                "Plan": {"type": "object", "required": ["title", "stages"],
                         "description": "a session plan; see sessions/partos-meetup.yaml for a full example. "
                                        + ACTIVITY_KINDS,
                         "properties": {"title": {"type": "string"}, "description": {"type": "string"},
                                        "language": {"enum": ["en", "fr", "es", "pt", "nl"], "default": "en",
                                                     "description": "the phones' and board's default language"},
                                        "stages": {"type": "array", "minItems": 1, "items": {"type": "object"}}}},
                **RESULTS,
                "Moderation": {"type": "object", "required": ["queue", "items", "hidden", "pending"],
                               "properties": {"queue": {"type": "array", "description": "ids of the pending items, oldest first"},
                                              "hidden": _COUNT, "pending": _COUNT, "items": {"type": "array", "items": {
                                                  "type": "object", "required": ["id", "text", "status", "since", "count"],
                                                  "properties": {"status": {"enum": ["pending", "shown", "hidden"]}}}}}},
                "WordFilter": {"type": "object", "required": ["enabled", "lists"], "properties": {
                    "enabled": {"type": "boolean"},
                    "lists": {"type": "object", "additionalProperties": _TEXTS}}},
            },
        },
        "paths": {
            "/healthz": {"get": {"summary": "Liveness and database check", "security": [],
                                 "responses": {"200": _answer("alive")}}},
            "/clock": {"get": {"summary": "The server's clock, in the Date header (no body)", "security": [],
                               "responses": {"204": {"description": "the Date header carries the time"}}}},
            "/api/openapi.json": {"get": {"summary": "This document", "security": [],
                                          "responses": {"200": _answer("the OpenAPI document")}}},
            "/api/plans": {"get": {"summary": "Plan files a session can start from", "security": _SECURED,
                                   "responses": {"200": _answer("plans"), **_errors(401)}}},
            "/api/sessions": {
                "get": {"summary": "Every session, newest first", "security": _SECURED,
                        "responses": {"200": _answer("sessions"), **_errors(401)}},
                "post": {"summary": "Create a session from a plan name or a plan object", "security": _SECURED,
                         "requestBody": _body({"type": "object", "required": ["plan"], "properties": {
                             "plan": {"oneOf": [{"type": "string", "examples": ["partos-meetup"]},
                                                {"$ref": "#/components/schemas/Plan"}]}}}),
                         "responses": {"201": _answer("created", {"$ref": "#/components/schemas/SessionLinks"}),
                                       **_errors(400, 401, 404)}}},
            "/api/sessions/{code}": {
                "get": {"summary": "The session's current state", "security": _SECURED, "parameters": [_CODE],
                        "responses": {"200": _answer("state"), **_errors(401, 404)}},
                "delete": {"summary": "Delete the session and every row that belongs to it", "security": _SECURED,
                           "parameters": [_CODE], "responses": {"200": _answer("deleted"), **_errors(401, 404)}}},
            "/api/sessions/import": {"post": {
                "summary": "Store a session from its record (JSON body) or an uploaded .json record or .zip bundle",
                "security": _SECURED,
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"type": "object", "description": "see docs/record-schema.json"}},
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"}}}}}},
                "responses": {"201": _answer("imported", {"$ref": "#/components/schemas/SessionLinks"}),
                              **_errors(400, 401)}}},
            **{f"/api/sessions/{{code}}/{verb}": {"post": {
                "summary": summary, "security": _SECURED, "parameters": [_CODE],
                "responses": {"200" if verb != "duplicate" else "201": _answer(verb), **_errors(401, 404, 409)}}}
               for verb, summary in (("close", "End the session: its stage ends, its activities close"),
                                     ("reopen", "Reopen a closed session at the last stage it reached"),
                                     ("duplicate", "A new session from this session's plan, without results"))},
            "/api/sessions/{code}/stages/{position}/materials": {"post": {
                "summary": "Attach a link or an uploaded PDF (at most 20 MB) to a stage", "security": _SECURED,
                "parameters": [_CODE, _POSITION],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": {"type": "object", "required": ["title", "url"], "properties": {
                        "title": {"type": "string"}, "url": {"type": "string", "pattern": "^https?://"}}}},
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                        "title": {"type": "string"}, "file": {"type": "string", "format": "binary"}}}}}},
                "responses": {"201": _answer("attached"), **_errors(400, 401, 404)}}},
            "/api/sessions/{code}/stage": {"post": {
                "summary": "Move to the next, previous or a given stage, or end the session",
                "security": _SECURED, "parameters": [_CODE],
                "requestBody": _body({"type": "object", "required": ["action"], "properties": {
                    "action": {"enum": ["next", "previous", "goto", "end"]},
                    "position": {"type": "integer", "minimum": 0}}}),
                "responses": {"200": _answer("the new state"), **_errors(400, 401, 404, 409)}}},
            "/api/sessions/{code}/activities/{activity_id}": {"post": {
                "summary": "Open, close, reveal or hide an activity", "security": _SECURED,
                "parameters": [_CODE, _ACTIVITY],
                "requestBody": _body({"type": "object", "required": ["action"], "properties": {
                    "action": {"enum": ["open", "close", "reveal", "hide"]}}}),
                "responses": {"200": _answer("the activity"), **_errors(400, 401, 404, 409)}}},
            "/api/sessions/{code}/questions/{question_id}": {"post": {
                "summary": "Act on a Q&A question: answer / unanswer (mark it answered or not), highlight (put it "
                           "forward on the board; any other highlighted question of its Q&A stops being) / "
                           "unhighlight, approve (a pending one), hide (pending or shown), restore (a hidden one)",
                "security": _SECURED,
                "parameters": [_CODE, {"name": "question_id", "in": "path", "required": True,
                                       "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}],
                "requestBody": _body({"type": "object", "required": ["action"], "properties": {
                    "action": {"enum": ["answer", "unanswer", "highlight", "unhighlight", "approve", "hide",
                                        "restore"]}}}),
                "responses": {"200": _answer("the question's activity and the question as it is now"),
                              **_errors(400, 401, 404, 409)}}},
            "/api/sessions/{code}/activities/{activity_id}/phase": {"post": {
                "summary": "Move a board to writing or to dot voting; dots and stacking can change only "
                           "while no dot has been given", "security": _SECURED,
                "parameters": [_CODE, _ACTIVITY],
                "requestBody": _body({"type": "object", "required": ["phase"], "properties": {
                    "phase": {"enum": ["write", "vote"]}, "dots": {"type": "integer", "minimum": 0, "maximum": 20},
                    "stacking": {"type": "boolean"}}}),
                "responses": {"200": _answer("the activity"), **_errors(400, 401, 404, 409)}}},
            "/api/sessions/{code}/activities/{activity_id}/clusters": {"post": {
                "summary": "Make a named cluster on a board (at most 30, names different case aside)",
                "security": _SECURED, "parameters": [_CODE, _ACTIVITY],
                "requestBody": _body(_CLUSTER_NAME),
                "responses": {"201": _answer("the board's results", _BOARD_ANSWER), **_errors(400, 401, 404, 409)}}},
            "/api/sessions/{code}/activities/{activity_id}/clusters/{cluster_id}": {
                "put": {"summary": "Rename a cluster", "security": _SECURED, "parameters": [_CODE, _ACTIVITY, _CLUSTER],
                        "requestBody": _body(_CLUSTER_NAME),
                        "responses": {"200": _answer("the board's results", _BOARD_ANSWER),
                                      **_errors(400, 401, 404, 409)}},
                "delete": {"summary": "Remove a cluster; its notes stay on the board, unclustered",
                           "security": _SECURED, "parameters": [_CODE, _ACTIVITY, _CLUSTER],
                           "responses": {"200": _answer("the board's results", _BOARD_ANSWER), **_errors(400, 401, 404)}}},
            "/api/sessions/{code}/activities/{activity_id}/notes/{note_id}/cluster": {"put": {
                "summary": "Put a note in a cluster, or (cluster: null) take it out of any", "security": _SECURED,
                "parameters": [_CODE, _ACTIVITY, {**_CLUSTER, "name": "note_id"}],
                "requestBody": _body({"type": "object", "required": ["cluster"], "properties": {
                    "cluster": {"type": ["integer", "null"]}}}),
                "responses": {"200": _answer("the board's results", _BOARD_ANSWER), **_errors(400, 401, 404)}}},

            "/api/sessions/{code}/activities/{activity_id}/options": {"post": {
                "summary": "Switch an activity's approval queue (moderate: board, wordcloud, text) or a board's "
                           "blurred notes while hidden (blur) on or off",
                "security": _SECURED, "parameters": [_CODE, _ACTIVITY],
                "requestBody": _body({"type": "object", "minProperties": 1, "properties": {
                    "moderate": {"type": "boolean"}, "blur": {"type": "boolean"}}}),
                "responses": {"200": _answer("the activity"), **_errors(400, 401, 404)}}},
            "/api/sessions/{code}/activities/{activity_id}/moderation": {
                "get": {"summary": "An activity's items with their status and the queue (pending items, oldest "
                                   "first); notes one by one, answers by their text", "security": _SECURED,
                        "parameters": [_CODE, _ACTIVITY],
                        "responses": {"200": _answer("moderation", {"type": "object", "properties": {
                            "moderation": {"$ref": "#/components/schemas/Moderation"}}}), **_errors(400, 401, 404)}},
                "post": {"summary": "Approve a pending item, hide any item or restore a hidden one; for a word "
                                    "cloud or open question the decision applies to everyone who gave that answer",
                         "security": _SECURED, "parameters": [_CODE, _ACTIVITY],
                         "requestBody": _body({"type": "object", "required": ["action", "item"], "properties": {
                             "action": {"enum": ["approve", "hide", "restore"]},
                             "item": {"oneOf": [{"type": "integer", "minimum": 1, "description": "a note's id"},
                                                {"type": "string", "maxLength": 1000,
                                                 "description": "an answer's text (case aside)"}]}}}),
                         "responses": {"200": _answer("the item's new status", {
                             "type": "object", "required": ["ok", "activity", "item", "status"], "properties": {
                                 "status": {"enum": ["pending", "shown", "hidden"]}}}),
                             **_errors(400, 401, 404, 409)}}},
            "/api/sessions/{code}/word-filter": {
                "get": {"summary": "The session's word filter: on or off, and its list per language",
                        "security": _SECURED, "parameters": [_CODE],
                        "responses": {"200": _answer("the word filter", {"type": "object", "properties": {
                            "word_filter": {"$ref": "#/components/schemas/WordFilter"}}}), **_errors(401, 404)}},
                "put": {"summary": "Turn the word filter on or off and/or replace lists (one word or phrase per "
                                   "line); an item that matches waits for the facilitator",
                        "security": _SECURED, "parameters": [_CODE],
                        "requestBody": _body({"type": "object", "minProperties": 1, "properties": {
                            "enabled": {"type": "boolean"},
                            "lists": {"type": "object", "propertyNames": {"enum": ["en", "fr", "es", "pt", "nl"]},
                                      "additionalProperties": {"oneOf": [{"type": "string"}, _TEXTS]}}}}),
                        "responses": {"200": _answer("the word filter", {"type": "object", "properties": {
                            "word_filter": {"$ref": "#/components/schemas/WordFilter"}}}), **_errors(400, 401, 404)}}},
            "/api/sessions/{code}/timer": {"post": {
                "summary": "Start, pause, add minutes to or reset the current stage's timer, or an activity's "
                           "(start with minutes: a fresh countdown; add without: one minute)",
                "security": _SECURED, "parameters": [_CODE],
                "requestBody": _body({"type": "object", "required": ["action"], "properties": {
                    "action": {"enum": ["start", "pause", "add", "reset"]},
                    "activity": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1,
                                 "description": "an activity of the current stage; omit for the stage's timer"},
                    "minutes": {"type": "integer", "minimum": 1, "maximum": 600}}}),
                "responses": {"200": _answer("the timer and the new state"),
                              **_errors(400, 401, 404, 409)}}},
            "/api/sessions/{code}/announcement": {"post": {
                "summary": "Show a short message (at most 280 characters) on every phone and the board; "
                           "an empty text takes it away",
                "security": _SECURED, "parameters": [_CODE],
                "requestBody": _body({"type": "object", "required": ["text"],
                                      "properties": {"text": {"type": "string", "maxLength": 280}}}),
                "responses": {"200": _answer("the announcement on show (or null) and the new state"),
                              **_errors(400, 401, 404)}}},
            "/api/sessions/{code}/takeaways": {"post": {
                "summary": "Write one more key takeaway (at most 500 characters, 50 a session)",
                "security": _SECURED, "parameters": [_CODE],
                "requestBody": _body({"type": "object", "required": ["text"], "properties": {
                    "text": {"type": "string", "minLength": 1, "maxLength": 500}}}),
                "responses": {"201": _answer("every takeaway and the new state"), **_errors(400, 401, 404)}}},
            "/api/sessions/{code}/takeaways/{takeaway_id}": {
                "put": {"summary": "Rewrite a takeaway", "security": _SECURED, "parameters": [_CODE, _TAKEAWAY],
                        "requestBody": _body({"type": "object", "required": ["text"], "properties": {
                            "text": {"type": "string", "minLength": 1, "maxLength": 500}}}),
                        "responses": {"200": _answer("every takeaway and the new state"), **_errors(400, 401, 404)}},
                "delete": {"summary": "Delete a takeaway", "security": _SECURED, "parameters": [_CODE, _TAKEAWAY],
                           "responses": {"200": _answer("the remaining takeaways and the new state"),
                                         **_errors(401, 404)}}},
            "/api/sessions/{code}/activities/{activity_id}/results": {"get": {
                "summary": "An activity's current results (revealed or not)", "security": _SECURED,
                "parameters": [_CODE, _ACTIVITY],
                "responses": {"200": _answer("results", {
                    "type": "object", "required": ["ok", "results"],
                    "properties": {"ok": {"const": True}, "results": {"$ref": "#/components/schemas/Results"}}}),
                    **_errors(401, 404)}}},
            **plan_paths(),
            "/api/sessions/{code}/export": {"get": {
                "summary": "The session record: json (docs/record-schema.json), csv (ZIP), xlsx, md, html "
                           "(printable report) or zip (the report bundle with the slides)", "security": _SECURED,
                "parameters": [_CODE, {"name": "format", "in": "query",
                                       "schema": {"enum": ["json", "csv", "xlsx", "md", "html", "zip"]}}],
                "responses": {"200": {"description": "the export", "content": _export_types()},
                              **_errors(400, 401, 404)}}},
        },
    }
