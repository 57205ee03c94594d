"""Who issues the reports: the organisation's name and an optional logo on the Sachbericht's
cover, kept by the admin in the database (app_setting), so every app process prints the
same. An uploaded logo is decoded, checked and stored re-encoded as a small PNG: nothing of
the uploaded file itself (metadata, a second image, a script) reaches a report."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Setting
from services.actor import Actor
from services.audit import audit
from services.errors import Invalid
from services.permissions import require

NAME_KEY = "report.issuer_name"
LOGO_KEY = "report.issuer_logo"  # base64 of a PNG
NAME_MAX = 120
LOGO_MAX_MB = 2  # the upload (the page's uploader refuses more as well)
LOGO_MAX_BYTES = LOGO_MAX_MB * 1_000_000
LOGO_MAX_PIXELS = 25_000_000  # a decompression bomb is refused before it is decoded
LOGO_BOX = (900, 300)  # the stored logo at most, in pixels (printed 45 × 15 mm at most)
FORMATS = ("PNG", "JPEG")


@dataclass(frozen=True)
class Issuer:
    name: str = ""
    logo: bytes | None = None  # PNG


def issuer(session: Session) -> Issuer:
    stored = dict(
        session.execute(
            select(Setting.key, Setting.value).where(Setting.key.in_((NAME_KEY, LOGO_KEY)))
        ).all()
    )
    logo = stored.get(LOGO_KEY)
    return Issuer(stored.get(NAME_KEY, ""), base64.b64decode(logo) if logo else None)


def _name(name: str) -> str:
    cleaned = " ".join(name.split())  # one line on the cover, whatever was pasted
    if len(cleaned) > NAME_MAX:
        raise Invalid({"name": f"Bitte höchstens {NAME_MAX} Zeichen."})
    if any(not c.isprintable() for c in cleaned):
        raise Invalid({"name": "Bitte nur druckbare Zeichen."})
    return cleaned


def logo_png(upload: bytes) -> bytes:
    """The uploaded PNG or JPEG as a clean PNG on white, scaled into LOGO_BOX."""
    from PIL import Image, UnidentifiedImageError

    wrong = Invalid({"logo": "Bitte ein Bild im Format PNG oder JPEG hochladen."})
    if len(upload) > LOGO_MAX_BYTES:
        raise Invalid({"logo": f"Das Bild ist zu groß (höchstens {LOGO_MAX_MB} MB)."})
    try:
        with Image.open(io.BytesIO(upload)) as image:
            if image.format not in FORMATS:
                raise wrong
            if image.width * image.height > LOGO_MAX_PIXELS:
                raise Invalid({"logo": "Das Bild hat zu viele Bildpunkte."})
            image.load()
            rgba = image.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise wrong from error
    rgba.thumbnail(LOGO_BOX)
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    out = io.BytesIO()
    flat.save(out, "PNG", optimize=True)
    return out.getvalue()


def save_issuer(
    session: Session, actor: Actor, name: str, logo: bytes | None = None, drop_logo: bool = False
) -> None:
    """The name (empty: none on the cover); a new logo (its upload), or drop the old one."""
    require(actor, "admin.reports")
    values = {NAME_KEY: _name(name)}
    if logo is not None:
        values[LOGO_KEY] = base64.b64encode(logo_png(logo)).decode()
    for key, value in values.items():
        setting = session.get(Setting, key) or Setting(key=key)
        setting.value = value
        session.add(setting)
    if drop_logo and logo is None and (old := session.get(Setting, LOGO_KEY)):
        session.delete(old)
    audit(session, actor, "issuer_changed", logo=logo is not None, logo_removed=drop_logo)


def seed_demo_issuer(session: Session) -> None:
    """The demo's issuer: the umbrella association's name and a drawn placeholder logo (a
    house on a blue square), so the demo's Sachbericht shows what a cover can carry."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (360, 120), "white")
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((0, 0, 119, 119), 18, fill="#1f4e79")
    draw.polygon([(20, 62), (60, 24), (100, 62)], fill="white")
    draw.rectangle((32, 60, 88, 98), fill="white")
    draw.rectangle((52, 74, 68, 98), fill="#1f4e79")
    for row, width in ((30, 220), (58, 180), (86, 200)):
        draw.rounded_rectangle((140, row, 140 + width, row + 12), 6, fill="#9fc5e8")
    out = io.BytesIO()
    image.save(out, "PNG")
    for key, value in (
        (NAME_KEY, "Verband Sächsischer Wohnungsgenossenschaften e. V."),
        (LOGO_KEY, base64.b64encode(logo_png(out.getvalue())).decode()),
    ):
        session.merge(Setting(key=key, value=value))
