"""The message catalogues are complete and compiled: every string the phone and the board show (templates
and JS t('…')) is translated in every language, and each committed .mo matches its .po.

No browser needed; it sits with the browser tests because it guards the same pages."""
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from facilitation.domain.plan import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
# Templates the participants and the projected board see: every word in them goes through _().
PARTICIPANT_TEMPLATES = ["base.html", "home.html", "not_found.html", "_language_picker.html",
                         "phone/session.html", "board/session.html"]
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s")


def extracted(root: Path = ROOT) -> dict:
    """Babel's extraction as `pybabel extract -F babel.cfg` does it: {msgid: [files]}."""
    with open(root / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    keywords = dict(DEFAULT_KEYWORDS)
    for options in options_map.values():
        keywords.update(options.pop("keywords", {}))
    found = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(root), method_map, options_map, keywords=keywords):
        found.setdefault(message, []).append(filename)
    return found


def not_translated(messages, po) -> list:
    """The extracted messages that the catalogue lacks, or has fuzzy or empty."""
    out = []
    for message in messages:
        entry = po.get(msgid_of(message))
        strings = () if entry is None else entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if entry is None or entry.id != message or entry.fuzzy or not all(strings):
            out.append(message)
    return out


def compiled(mo_file) -> dict:
    frozen = lambda value: tuple(value) if isinstance(value, (list, tuple)) else value  # noqa: E731
    return {frozen(m.id): frozen(m.string) for m in read_mo(mo_file) if m.id}


def is_stale(po, mo_path: Path) -> bool:
    """Whether the .mo differs from what `pybabel compile` makes of the .po."""
    fresh = io.BytesIO()
    write_mo(fresh, po)
    fresh.seek(0)
    with open(mo_path, "rb") as f:
        return compiled(f) != compiled(fresh)


def catalogue(lang):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as f:
        return read_po(f, locale=lang)


def msgid_of(message):
    return message[0] if isinstance(message, tuple) else message


@pytest.fixture(scope="module")
def messages():
    found = extracted()
    assert len(found) > 100, "the extraction found almost nothing: babel.cfg is wrong"
    return found


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_is_translated(messages, lang):
    po = catalogue(lang)
    assert not_translated(messages, po) == [], (
        f"missing, empty or fuzzy in translations/{lang}: run the commands in translations/README.md")
    obsolete = [m.id for m in po if m.id and msgid_of(m.id) not in {msgid_of(k) for k in messages}]
    assert obsolete == [], f"translations/{lang} has strings no page uses any more"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_the_placeholders(lang):
    for entry in catalogue(lang):
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (lang, entry.id, text)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogue_is_up_to_date(lang):
    po = catalogue(lang)
    assert not is_stale(po, ROOT / "translations" / lang / "LC_MESSAGES" / "messages.mo"), (
        f"translations/{lang}/LC_MESSAGES/messages.mo is stale: pybabel compile -d translations")
    # The JS picks plural forms itself (static/js/common.js): French "n > 1", the others "n != 1".
    assert po.plural_expr == ("(n > 1)" if lang == "fr" else "(n != 1)")


def test_every_t_call_in_the_js_is_seen_by_babel(messages):
    """Babel's JavaScript extractor misses t('…') inside a template literal: such a string would never
    be translated. Every t('…') / tn('…') written in the phone's and board's JS must be extracted."""
    call = re.compile(r"""\btn?\(\s*(['"])((?:\\.|(?!\1).)*)\1""")
    seen = {msgid_of(m) for m in messages}
    for name in ("common.js", "phone.js", "board.js"):
        source = (ROOT / "static" / "js" / name).read_text()
        code = re.sub(r"^\s*//.*$", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S), flags=re.M)
        assert len(code) > len(source) / 2
        for _quote, text in call.findall(code):
            assert text.replace("\\'", "'") in seen, f"{name}: t('{text}') is not extracted (template literal?)"


@pytest.mark.parametrize("name", PARTICIPANT_TEMPLATES)
def test_participant_templates_have_no_untranslated_words(name):
    """Any word outside {{ … }} / {% … %} in a participant's template would stay in English."""
    source = (ROOT / "templates" / name).read_text()
    source = re.sub(r"\{% block body_class %\}.*?\{% endblock %\}", " ", source)  # class names
    source = re.sub(r'<(\w+)[^>]*\blang="en"[^>]*>.*?</\1>', " ", source)  # English on purpose
    text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", source, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]*>", " ", text, flags=re.S)
    words = [w for w in re.findall(r"[^\W\d_]{2,}", text) if w not in {"Baraza", "nbsp"}]
    assert words == [], f"templates/{name}: wrap these in _(): {words}"


def test_the_checks_can_fail(tmp_path, messages):
    """A new template string, a new JS string and a .po edited without compiling are all caught."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "static").mkdir()
    (tmp_path / "templates" / "new.html").write_text("<p>{{ _('A sentence nobody translated') }}</p>")
    (tmp_path / "static" / "new.js").write_text("el('p', { text: t('Nobody translated this either') });")
    (tmp_path / "babel.cfg").write_text("[jinja2: templates/**.html]\n[javascript: static/*.js]\nkeywords = t tn:1,2\n")
    new = extracted(tmp_path)
    assert set(not_translated(new, catalogue("fr"))) == {"A sentence nobody translated", "Nobody translated this either"}
    edited = catalogue("nl")
    edited["Vote"].string = "Stem!"
    assert is_stale(edited, ROOT / "translations" / "nl" / "LC_MESSAGES" / "messages.mo")
    assert not_translated(messages, catalogue("nl")) == []
