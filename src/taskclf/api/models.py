"""Routes for the models area (SKELETON)."""

from fastapi import APIRouter

router = APIRouter()
