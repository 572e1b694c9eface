# What the project uses of django-treebeard, which ships no type information.
from typing import ClassVar, TypeVar

from django.db import models
from typing_extensions import Self

from treebeard.models import Node, NodeManager

_T = TypeVar("_T", bound=models.Model)

class MP_NodeQuerySet(models.QuerySet[_T]): ...
class MP_NodeManager(NodeManager[_T]): ...

class MP_Node(Node):
    steplen: ClassVar[int]
    alphabet: ClassVar[str]
    node_order_by: ClassVar[list[str]]
    path = models.CharField(max_length=255, unique=True)
    depth = models.PositiveIntegerField()
    numchild = models.PositiveIntegerField(default=0)
    objects: ClassVar[MP_NodeManager[Self]]
    # Path arithmetic, private to treebeard: the tree service writes its own inserts and moves.
    @classmethod
    def _get_path(cls, path: str | None, depth: int, newstep: int) -> str: ...
    def _inc_path(self) -> str: ...
