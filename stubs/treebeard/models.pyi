# What the project uses of django-treebeard, which ships no type information.
from typing import Any, TypeVar

from django.db import models

_T = TypeVar("_T", bound=models.Model)

class NodeManager(models.Manager[_T]):
    @property
    def tree_model(self) -> type[_T]: ...
    def add_root(
        self, create_kwargs: dict[str, Any] | None = None, *, instance: _T | None = None
    ) -> _T: ...
    def add_child(
        self, target: _T, create_kwargs: dict[str, Any] | None = None, *, instance: _T | None = None
    ) -> _T: ...
    def move(self, node: _T, target: _T, pos: str | None = None) -> None: ...

class Node(models.Model): ...
