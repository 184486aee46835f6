"""Reading an uploaded record: a .json record, or a .zip report bundle with its files."""
import io
import json
import zipfile

from ..domain.errors import DomainError

MAX_BUNDLE_FILES = 500
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


def read_record_upload(filename: str, content: bytes) -> tuple[dict, dict[str, bytes]]:
    """The record and the bundle's material files from an upload."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "record.json" not in names or len(names) > MAX_BUNDLE_FILES:
                raise DomainError("this ZIP is not a Baraza report bundle (no record.json)")
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise DomainError("this ZIP unpacks to more than 200 MB; that is not a report bundle")
            record = _parse(archive.read("record.json"))
            files = {n: archive.read(n) for n in names if n.startswith("materials/") and not n.endswith("/")}
            return record, files
    return _parse(content), {}


def _parse(content: bytes) -> dict:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DomainError(f"the file is not a JSON record: {exc}") from None
    if not isinstance(data, dict):
        raise DomainError("the record must be a JSON object")
    return data
