"""Routes for the train area (SKELETON)."""

from fastapi import APIRouter

router = APIRouter()
