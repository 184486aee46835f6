"""The OpenAPI 3.1 document of the facilitator's HTTP API (served at /api/openapi.json)."""

_ERROR = {"$ref": "#/components/schemas/Error"}


def _answer(description: str, schema: dict | None = None) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": schema or {"type": "object"}}}}


def _errors(*codes: int) -> dict:
    text = {400: "bad input; nothing changed", 401: "facilitator token missing or wrong",
            403: "a host link (or right) that does not cover that working group; nothing changed",
            404: "unknown session, activity or plan", 409: "does not fit the session's current state"}
    return {str(c): _answer(text[c], _ERROR) for c in codes}


def _body(schema: dict) -> dict:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


_CODE = {"name": "code", "in": "path", "required": True, "description": "the 6-character join code",
         "schema": {"type": "string", "pattern": "^[A-Za-z0-9]{6}$"}}
# Path numbers are what Flask's int converter matches (no sign) and a database id can hold.
_ACTIVITY = {"name": "activity_id", "in": "path", "required": True,
             "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
_PROMOTION = {"name": "promotion_id", "in": "path", "required": True,
              "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
              "description": "a promoted item's id (state.stage.promoted[].id)"}
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
                          {"$ref": "#/components/schemas/PatResults"},
                          {"type": "object", "maxProperties": 0, "description": "a talk"}]},
    "PatResults": {
        "type": "object", "required": ["phase", "decisions", "organisations", "ladder", "people", "scores", "table"],
        "description": "a Power Awareness Tool: its phase, decisions and organisations; per decision × organisation "
                       "the private scores' distribution (counts per level 0-4 and the mean, for everyone and each "
                       "segment with at least k respondents; a hidden segment shows its name only) and the perception "
                       "gap between gap.between (first minus second, flagged at gap.flag or more); the group's table "
                       "of agreed actual and desired levels with the gaps and actions (as docs/record-schema.json's "
                       "patResults). Never one person's scores.",
        "properties": {"phase": {"enum": ["decisions", "scoring", "agreeing", "result"]},
                       "decisions": {"type": "array", "items": {"type": "string"}},
                       "organisations": {"type": "array", "items": {"type": "string"}},
                       "ladder": {"type": "array", "items": {"type": "string"}},
                       "segments": {"type": "array", "items": {"type": "string"}}, "k": _COUNT,
                       "gap": {"type": "object"}, "people": _COUNT,
                       "scores": {"type": "array", "items": {"type": "array", "items": {"type": "object"}}},
                       "table": {"type": "object"}}},
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
    "false; hide_results, start); `pat`, the Power Awareness Tool (organisations: 2-6 partner organisations; "
    "gap: two of the session's segments whose perception gap is shown, first minus second, default the first "
    "two; max_decisions: 1-10, default 5; decisions: 0 to max_decisions planned ahead (or set while it runs); "
    "hide_results, start).")


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
        "/api/sessions/{code}/plan/stages/{position}/assignment": {"put": {
            "summary": "How people get into a groups stage's groups, on any groups stage (the one on now too): "
                       "they choose, or they are dealt out at random or balanced across segments (which needs the "
                       "session's segments). Nobody is moved or dealt out by the change: POST .../groups/assign "
                       "does that on the stage that is on; a latecomer is dealt out as they join",
            "security": _SECURED, "parameters": [_CODE, _POSITION],
            "requestBody": _body({"type": "object", "required": ["assignment"], "properties": {
                "assignment": {"enum": ["choose", "random", "balanced"]}}}),
            "responses": _EDITED}},
        "/api/sessions/{code}/plan/stages/{position}/groups/{group}/cap": {"put": {
            "summary": "A group's places, on any groups stage (the one on now too): 1 to 500, or null for no "
                       "limit. A cap below the people already in the group leaves it full: nobody is taken out, "
                       "nobody else may choose it",
            "security": _SECURED, "parameters": [_CODE, _POSITION, {
                "name": "group", "in": "path", "required": True, "description": "the group's key (g1, g2, ...)",
                "schema": {"type": "string", "minLength": 1, "maxLength": 12}}],
            "requestBody": _body({"type": "object", "required": ["cap"], "properties": {
                "cap": {"type": ["integer", "null"], "minimum": 1, "maximum": 500}}}),
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
    """Build the document: every route, and which of them a group host link may also use."""
    document = _base_document()
    document["components"]["securitySchemes"]["host"] = {
        "type": "http", "scheme": "bearer",
        "description": "a group host link's secret (the `key` of its address): only the routes that list it, "
                       "and only for an activity (or its timer) of the link's own group; 403 for anything else "
                       "of the session, 401 once revoked"}
    document["components"]["securitySchemes"]["rapporteur"] = {
        "type": "http", "scheme": "bearer",
        "description": "a rapporteur link's secret (the `key` of its address): only the takeaway routes; "
                       "401 for anything else (403 where a host link may act), and once revoked"}
    document["paths"].update(host_paths())
    document["paths"].update(rapporteur_paths())
    for path, method in HOST_ROUTES:
        operation = document["paths"][path][method]
        operation["security"] = [{"facilitator": []}, {"host": []}]
        operation["responses"].update(_errors(403))
    for path, method in RAPPORTEUR_ROUTES:
        operation = document["paths"][path][method]
        operation["security"] = [{"facilitator": []}, {"rapporteur": []}]
        operation["responses"].update(_errors(403))
    return document


# The routes a rapporteur link may use: the session's key takeaways (facilitation/domain/host.py).
RAPPORTEUR_ROUTES = (
    ("/api/sessions/{code}/takeaways", "post"),
    ("/api/sessions/{code}/takeaways/{takeaway_id}", "put"),
    ("/api/sessions/{code}/takeaways/{takeaway_id}", "delete"),
)
_RAPPORTEUR = {"name": "rapporteur_id", "in": "path", "required": True,
               "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
_RAPPORTEUR_LINK = {"type": "object", "required": ["id", "created_at", "revoked_at", "live"],
                    "properties": {"id": {"type": "integer"}, "created_at": {"type": "number"},
                                   "revoked_at": {"type": ["number", "null"]}, "live": {"type": "boolean"}}}


def rapporteur_paths() -> dict:
    """Rapporteur links: the facilitator's alone to make, list and revoke."""
    return {
        "/api/sessions/{code}/rapporteurs": {
            "get": {"summary": "Every rapporteur link of the session, live and revoked (never a secret)",
                    "security": _SECURED, "parameters": [_CODE],
                    "responses": {"200": _answer("the rapporteur links", {"type": "object", "properties": {
                        "rapporteurs": {"type": "array", "items": _RAPPORTEUR_LINK}}}), **_errors(401, 404)}},
            "post": {"summary": "A rapporteur link (at most 5 live a session): whoever opens it writes the key "
                                "takeaways and nothing else; its address (`url`) and QR code (`qr`) are given this "
                                "once: the server keeps only the secret's SHA-256",
                     "security": _SECURED, "parameters": [_CODE],
                     "responses": {"201": _answer("the link", {"type": "object", "properties": {
                         "rapporteur": _RAPPORTEUR_LINK, "url": {"type": "string"}, "qr": {"type": "string"}}}),
                         **_errors(400, 401, 404)}}},
        "/api/sessions/{code}/rapporteurs/{rapporteur_id}": {"delete": {
            "summary": "Revoke a rapporteur link: refused from now on, its open pages told (`rapporteur.revoked`)",
            "security": _SECURED, "parameters": [_CODE, _RAPPORTEUR],
            "responses": {"200": _answer("the revoked link", {"type": "object", "properties": {
                "rapporteur": _RAPPORTEUR_LINK}}), **_errors(401, 404)}}},
    }


# The routes a group host link may use, for its own group's activities (facilitation/domain/host.py).
HOST_ROUTES = (
    ("/api/sessions/{code}/activities/{activity_id}", "post"),
    ("/api/sessions/{code}/activities/{activity_id}/phase", "post"),
    ("/api/sessions/{code}/activities/{activity_id}/options", "post"),
    ("/api/sessions/{code}/activities/{activity_id}/clusters", "post"),
    ("/api/sessions/{code}/activities/{activity_id}/clusters/{cluster_id}", "put"),
    ("/api/sessions/{code}/activities/{activity_id}/clusters/{cluster_id}", "delete"),
    ("/api/sessions/{code}/activities/{activity_id}/notes/{note_id}/cluster", "put"),
    ("/api/sessions/{code}/activities/{activity_id}/moderation", "get"),
    ("/api/sessions/{code}/activities/{activity_id}/moderation", "post"),
    ("/api/sessions/{code}/activities/{activity_id}/results", "get"),
    ("/api/sessions/{code}/questions/{question_id}", "post"),
    ("/api/sessions/{code}/timer", "post"),
    ("/api/sessions/{code}/activities/{activity_id}/pat", "post"),
    ("/api/sessions/{code}/promotions", "post"),
    ("/api/sessions/{code}/promotions/{promotion_id}", "delete"),
    ("/api/sessions/{code}/promotions/{promotion_id}/move", "post"),
)
_HOST = {"name": "host_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}
_HOST_LINK = {"type": "object", "required": ["id", "stage", "group", "group_name", "created_at", "revoked_at", "live"],
              "properties": {"id": {"type": "integer"}, "stage": {"type": "integer", "minimum": 0},
                             "group": {"type": "string"}, "group_name": {"type": "string"},
                             "created_at": {"type": "number"}, "revoked_at": {"type": ["number", "null"]},
                             "live": {"type": "boolean"}}}


def host_paths() -> dict:
    """Group host links: the facilitator's alone to make, list and revoke."""
    return {
        "/api/sessions/{code}/hosts": {
            "get": {"summary": "Every host link of the session, live and revoked (never a secret)",
                    "security": _SECURED, "parameters": [_CODE],
                    "responses": {"200": _answer("the host links", {"type": "object", "properties": {
                        "hosts": {"type": "array", "items": _HOST_LINK}}}), **_errors(401, 404)}},
            "post": {"summary": "A host link for one group of a working-groups stage (at most 5 live a group); "
                                "its address (`url`, carrying the secret) and QR code (`qr`, an SVG data: URL) are "
                                "given this once: the server keeps only the secret's SHA-256",
                     "security": _SECURED, "parameters": [_CODE],
                     "requestBody": _body({"type": "object", "required": ["stage", "group"], "properties": {
                         "stage": {"type": "integer", "minimum": 0, "description": "the groups stage's place"},
                         "group": {"type": "string", "maxLength": 12, "description": "the group's key (g1, g2, ...)"}}}),
                     "responses": {"201": _answer("the link", {"type": "object", "properties": {
                         "host": _HOST_LINK, "url": {"type": "string"}, "qr": {"type": "string"}}}),
                         **_errors(400, 401, 404)}}},
        "/api/sessions/{code}/hosts/{host_id}": {"delete": {
            "summary": "Revoke a host link: refused from now on, its open pages told (`host.revoked`)",
            "security": _SECURED, "parameters": [_CODE, _HOST],
            "responses": {"200": _answer("the revoked link", {"type": "object", "properties": {"host": _HOST_LINK}}),
                          **_errors(401, 404)}}},
    }


def _base_document() -> dict:
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
                                        "segments": {"type": "array", "maxItems": 8,
                                                     "items": {"type": "string", "minLength": 1, "maxLength": 40},
                                                     "description": "none, or 2 to 8 roles a participant may declare "
                                                                    "(e.g. Northern partner, Southern partner, Other)"},
                                        "hide_segments_below": {"type": "integer", "minimum": 2, "maximum": 50,
                                                                "default": 3,
                                                                "description": "k: a segment with fewer respondents "
                                                                               "is hidden in every view and export"},
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
            "/api/sessions/{code}/activities/{activity_id}/pat": {"post": {
                "summary": "Run a Power Awareness Tool: phase (decisions, scoring, agreeing, result; the phones "
                           "score only in scoring); decisions (1 to max_decisions texts, only in the decisions phase "
                           "and before anyone scored); from_board (the top clusters, else notes, by dots of the board "
                           "before the PAT, or of `board`); assess (a cell's agreed actual level 0-4, agree: "
                           "true/false/null, desired 0-4 only where agree is false); add_action (text 1-280, owner: "
                           "one of the organisations, by: 2027-03 or 2027-03-31 or empty; at most 5 a cell, only "
                           "where the group does not agree); remove_action (index). Cells: decision and organisation "
                           "are indices from 0", "security": _SECURED,
                "parameters": [_CODE, _ACTIVITY],
                "requestBody": _body({"type": "object", "required": ["action"], "properties": {
                    "action": {"enum": ["phase", "decisions", "from_board", "assess", "add_action", "remove_action"]},
                    "phase": {"enum": ["decisions", "scoring", "agreeing", "result"]},
                    "decisions": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 200},
                                  "minItems": 1, "maxItems": 10},
                    "board": {"type": "integer"}, "decision": {"type": "integer", "minimum": 0},
                    "organisation": {"type": "integer", "minimum": 0},
                    "actual": {"type": "integer", "minimum": 0, "maximum": 4}, "agree": {"type": ["boolean", "null"]},
                    "desired": {"type": ["integer", "null"], "minimum": 0, "maximum": 4},
                    "text": {"type": "string", "minLength": 1, "maxLength": 280}, "owner": {"type": "string"},
                    "by": {"type": "string"}, "index": {"type": "integer", "minimum": 0}}}),
                "responses": {"200": _answer("the PAT's results", {
                    "type": "object", "required": ["ok", "activity", "results"], "properties": {
                        "ok": {"const": True}, "activity": {"type": "integer"},
                        "results": {"$ref": "#/components/schemas/PatResults"}}}),
                    **_errors(400, 401, 404, 409)}}},
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
                           "blurred notes while hidden (blur) on or off, or show a poll's, scale's or survey's "
                           "results per segment (by_segment, in a session with segments; segments with fewer "
                           "than the plan's hide_segments_below respondents are hidden)",
                "security": _SECURED, "parameters": [_CODE, _ACTIVITY],
                "requestBody": _body({"type": "object", "minProperties": 1, "properties": {
                    "moderate": {"type": "boolean"}, "blur": {"type": "boolean"},
                    "by_segment": {"type": "boolean"}}}),
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
                    "group": {"type": "string", "maxLength": 12,
                              "description": "a working group of the current stage (its key, e.g. g1): the "
                                             "group's own timer (the stage's minutes unless started with others)"},
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
            "/api/sessions/{code}/promotions": {"post": {
                "summary": "Promote a working group's note, cluster or activity's results to the plenary",
                "security": _SECURED, "parameters": [_CODE],
                "requestBody": _body({"type": "object", "required": ["kind", "id"], "properties": {
                    "kind": {"enum": ["note", "cluster", "activity"]}, "id": {"type": "integer"}}}),
                "responses": {"201": _answer("the groups stage's promoted items and the new state"),
                              **_errors(400, 401, 403, 404, 409)}}},
            "/api/sessions/{code}/promotions/{promotion_id}": {"delete": {
                "summary": "Take a promoted item back from the plenary (its cross-group dots go with it)",
                "security": _SECURED, "parameters": [_CODE, _PROMOTION],
                "responses": {"200": _answer("the promoted items left and the new state"), **_errors(401, 403, 404)}}},
            "/api/sessions/{code}/promotions/{promotion_id}/move": {"post": {
                "summary": "Put a promoted item at another place among its group's", "security": _SECURED,
                "parameters": [_CODE, _PROMOTION],
                "requestBody": _body({"type": "object", "required": ["position"], "properties": {
                    "position": {"type": "integer", "minimum": 0}}}),
                "responses": {"200": _answer("the promoted items in their order and the new state"),
                              **_errors(400, 401, 403, 404)}}},
            "/api/sessions/{code}/stages/{position}/report": {"post": {
                "summary": "Switch a report-back board: all groups, one group, or the next or previous one",
                "security": _SECURED, "parameters": [_CODE, _POSITION],
                "requestBody": _body({"type": "object", "properties": {
                    "group": {"type": ["string", "null"]}, "step": {"enum": ["next", "previous"]}}}),
                "responses": {"200": _answer("the group on show (null: all) and the new state"),
                              **_errors(400, 401, 404)}}},
            "/api/sessions/{code}/activities/{activity_id}/results": {"get": {
                "summary": "An activity's current results (revealed or not)", "security": _SECURED,
                "parameters": [_CODE, _ACTIVITY],
                "responses": {"200": _answer("results", {
                    "type": "object", "required": ["ok", "results"],
                    "properties": {"ok": {"const": True}, "results": {"$ref": "#/components/schemas/Results"}}}),
                    **_errors(401, 404)}}},
            **plan_paths(),
            **group_paths(),
            "/api/sessions/{code}/export": {"get": {
                "summary": "The session record: json (docs/record-schema.json), csv (ZIP), xlsx, md, html "
                           "(printable report) or zip (the report bundle with the slides)", "security": _SECURED,
                "parameters": [_CODE, {"name": "format", "in": "query",
                                       "schema": {"enum": ["json", "csv", "xlsx", "md", "html", "zip"]}}],
                "responses": {"200": {"description": "the export", "content": _export_types()},
                              **_errors(400, 401, 404)}}},
        },
    }


_GROUPS_VIEW = {"type": "object", "required": ["stage", "assignment", "without_group", "groups"], "properties": {
    "stage": _COUNT, "assignment": {"enum": ["choose", "random", "balanced"]}, "without_group": _COUNT,
    "groups": {"type": "array", "items": {
        "type": "object", "required": ["key", "name", "cap", "members", "board_url"],
        "properties": {"key": {"type": "string"}, "name": {"type": "string"},
                       "cap": {"type": ["integer", "null"], "minimum": 1},
                       "members": {"type": "array", "items": {"type": "string", "pattern": "^[A-Z2-9]{4,16}$"},
                                   "description": "the members' anonymous handles (never names), sorted"},
                       "board_url": {"type": "string", "description": "the group's own board"}}}}}}
_GROUPS_CHANGED = {"type": "object", "required": ["ok", "stage", "sizes", "groups", "state"], "properties": {
    "ok": {"const": True}, "stage": _COUNT, "sizes": {"type": "object", "additionalProperties": _COUNT},
    "assigned": _COUNT, "handle": {"type": "string"}, "group": {"type": "string"},
    "groups": _GROUPS_VIEW, "state": {"type": "object"}}}


def group_paths() -> dict:
    """The working groups of the current groups stage: who is in which (by handle), dealing out, moves."""
    return {
        "/api/sessions/{code}/groups": {"get": {
            "summary": "The current groups stage: each group's cap, board link and members by anonymous handle",
            "security": _SECURED, "parameters": [_CODE],
            "responses": {"200": _answer("the groups", {"type": "object", "required": ["ok", "groups"], "properties": {
                "ok": {"const": True}, "groups": _GROUPS_VIEW}}), **_errors(400, 401, 404)}}},
        "/api/sessions/{code}/groups/assign": {"post": {
            "summary": "Deal people out over the current stage's groups at random or balanced across segments "
                       "(caps hold): only those without a group (default) or everyone again",
            "security": _SECURED, "parameters": [_CODE],
            "requestBody": _body({"type": "object", "required": ["how"], "properties": {
                "how": {"enum": ["random", "balanced"]}, "who": {"enum": ["without", "everyone"]}}}),
            "responses": {"200": _answer("how many were placed, the sizes, the groups and the new state", _GROUPS_CHANGED),
                          **_errors(400, 401, 404, 409)}}},
        "/api/sessions/{code}/groups/move": {"post": {
            "summary": "Move one person, by the handle their phone shows, to another group of the current stage "
                       "(a cap binds the participants' choices, not the facilitator)",
            "security": _SECURED, "parameters": [_CODE],
            "requestBody": _body({"type": "object", "required": ["handle", "group"], "properties": {
                "handle": {"type": "string", "minLength": 4, "maxLength": 16}, "group": {"type": "string", "maxLength": 12}}}),
            "responses": {"200": _answer("the move, the sizes, the groups and the new state", _GROUPS_CHANGED),
                          **_errors(400, 401, 404, 409)}}},
    }
