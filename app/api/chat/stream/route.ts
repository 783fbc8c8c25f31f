import { chatHttpResponse } from "@/lib/realtime/chat-http";
import { getServices } from "@/lib/services";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return chatHttpResponse(request, getServices());
}
