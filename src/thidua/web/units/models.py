"""Units of the hierarchy, their groups and their succession (mergers, renamings)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from thidua.scoring.kinds import UNIT_KINDS
from thidua.web.units.choices import KIND_CHOICES, LEVEL_OF_KIND


class UnitGroup(models.Model):
    """A named set of units (e.g. "huyện nghèo"), for filtering and reporting."""

    code = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A province, district, commune, village, department or enterprise.

    ``path`` is the chain of codes from the root ("/HG/HG.DV/HG.DV.LC/"): a
    subtree is one ``startswith`` query, which is what role scoping needs.
    """

    code = models.CharField(_("Mã"), max_length=64, unique=True)
    name = models.CharField(_("Tên"), max_length=200)
    kind = models.CharField(_("Loại"), max_length=20, choices=KIND_CHOICES)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    valid_from = models.DateField(_("Hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("Hiệu lực đến"), null=True, blank=True)
    groups = models.ManyToManyField(UnitGroup, blank=True, related_name="units")

    class Meta:
        ordering = ("path",)
        constraints = (
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            ),
        )

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        if "/" in self.code:
            raise ValueError("a unit code cannot contain '/'")
        self.path = (self.parent.path if self.parent else "/") + self.code + "/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def level(self) -> str:
        return LEVEL_OF_KIND[self.kind]

    @property
    def kind_label(self) -> str:
        return UNIT_KINDS[self.kind].vi

    def is_within(self, other: Unit) -> bool:
        """True when this unit is ``other`` or below it."""
        return self.path.startswith(other.path)


class UnitSuccession(models.Model):
    """``predecessor`` continued as ``successor`` from ``date`` (merger, split, renaming)."""

    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessions")
    date = models.DateField(_("Ngày"))
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="unit_succession_once"
            ),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")),
                name="unit_succession_not_self",
            ),
        )
