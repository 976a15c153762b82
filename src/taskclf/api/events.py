"""Routes for the events area (SKELETON)."""

from fastapi import APIRouter

router = APIRouter()
